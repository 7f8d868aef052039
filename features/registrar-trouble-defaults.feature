@D28 @D29 @D30 @D31 @D32 @D5 @D1
Feature: The registrar-trouble parameters at their defaults change nothing
  Every parameter of D29 onwards is off by default and D28 only drops replies that are not ours,
  so a record behaves as OpenSIPS with decisions D1-D27 unless an operator turns them on. The
  whole suite besides these features runs at the defaults; this scenario spells them out and
  meets each with what would trigger it.

  @row-registrar-error @row-auth-no-credentials @row-visit-not-due @row-visit-retry @row-2xx-registered @row-visit-refresh
  Scenario: Retry-After, a 404, wrong credentials, a 503 in a row and a 5-second grant, all at the defaults
    T = 100, hash_size = 1, failure_retry_interval = 300: D5 sets TO = F + 300 - 100 after every
    failure F. alice (bucket 0, visits on 50, 150, ...) gets a 503 with Retry-After 1000, then a
    404, then a 503 again, then a 200 granting 5 seconds: retries on 250, 450 and 650 however
    the answers differ, then a refresh at every visit. bob (bucket 1, no credentials) is
    challenged: WRONG_CREDENTIALS on 100, retried on 300 like any failure.

    Given the module parameters:
      | parameter                    | value |
      | timer_interval               | 100   |
      | hash_size                    | 1     |
      | failure_retry_interval       | 300   |
      | drop_foreign_replies         | 1     |
      | honour_retry_after           | 0     |
      | retry_after_max              | 3600  |
      | retry_backoff                | 0     |
      | retry_base                   | 30    |
      | retry_max                    | 1800  |
      | auth_failure_retry_interval  | 0     |
      | rejected_retry_interval      | 0     |
      | min_refresh_interval         | 0     |
    And alice registers to example.org with password wonderland and expiry 3600
    And bob registers to example.org with expiry 3600 and no credentials
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond: { code: 503, headers: { Retry-After: 1000 } }
            - respond: { code: 404 }
            - respond: { code: 503 }
            - accept: { grant: 5 }
              repeat: forever
        - for: sip:bob@example.org
          steps:
            - challenge: {}
              repeat: forever
      """
    When the clock runs to the end of second 850
    Then alice sent REGISTERs at seconds "50, 250, 450, 650, 750, 850"
    And bob sent REGISTERs at seconds "100, 300, 500, 700"
    And the engine warned 3 times with granted_expiry_short
    And the engine warned 0 times with refresh_floor

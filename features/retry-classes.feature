@D31
Feature: What to do after each kind of failure
  OpenSIPS treats every failure alike (D5). Some failures will not get better by asking again
  soon, and a registrant that keeps asking gets blacklisted. D31 sorts failures into three
  classes, each with its own setting:

  | class     | failures                                                           | parameter                   |
  | auth      | WRONG_CREDENTIALS (the 401/407 loop, a challenge without credentials) and any 403 | auth_failure_retry_interval |
  | rejected  | 3xx (we do not follow redirects), 404, 410, 484, 6xx               | rejected_retry_interval     |
  | transient | timeouts, 408, 5xx, other 4xx, transport errors, replies we cannot use | (retry_backoff, D30)     |

  A setting of 0 (the default) treats the class as any failure: D5, or the back-off of D30 when
  it is on. A number of seconds N sets TO = F + N, where F is the second the failure was handled.
  -1 holds the record: no retry at all until an operator forces it to register (force_register)
  or reloads or upserts it.

  Here T = 100 and hash_size = 1: alice's bucket is visited on seconds 50, 150, 250 and so on,
  and her first REGISTER goes out on second 50. failure_retry_interval is 300, so D5 would
  retry on second 250.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And failure_retry_interval is 300
    And alice registers to example.org with password wonderland and expiry 3600

  @row-visit-not-due @row-visit-retry @row-2xx-registered
  Scenario Outline: A <code> is a <class> failure: <parameter> = 7200 retries on second 7250
    TO = 50 + 7200 = 7250.

    Given <parameter> is 7200
    And the registrar answers alice with <code> once, then accepts
    When the clock runs to the end of second 50
    Then alice is in state <state>
    And reg_list shows alice with registration_t_out at second 7250
    When the clock runs to the end of second 7250
    Then alice sent REGISTERs at seconds "50, 7250"
    And alice is in state REGISTERED_STATE

    @row-registrar-error
    Examples:
      | code | class    | parameter                   | state                 |
      | 403  | auth     | auth_failure_retry_interval | REGISTRAR_ERROR_STATE |
      | 404  | rejected | rejected_retry_interval     | REGISTRAR_ERROR_STATE |
      | 410  | rejected | rejected_retry_interval     | REGISTRAR_ERROR_STATE |
      | 484  | rejected | rejected_retry_interval     | REGISTRAR_ERROR_STATE |
      | 603  | rejected | rejected_retry_interval     | REGISTRAR_ERROR_STATE |
      | 604  | rejected | rejected_retry_interval     | REGISTRAR_ERROR_STATE |
      | 600  | rejected | rejected_retry_interval     | REGISTRAR_ERROR_STATE |
      | 699  | rejected | rejected_retry_interval     | REGISTRAR_ERROR_STATE |

    @row-redirect
    Examples:
      | code | class    | parameter                   | state                 |
      | 300  | rejected | rejected_retry_interval     | INTERNAL_ERROR_STATE  |
      | 302  | rejected | rejected_retry_interval     | INTERNAL_ERROR_STATE  |
      | 399  | rejected | rejected_retry_interval     | INTERNAL_ERROR_STATE  |

  @row-auth-register @row-auth-register-new-challenge @row-auth-register-rejected @row-visit-not-due @row-visit-retry
  Scenario: Wrong credentials wait auth_failure_retry_interval
    The registrar sends a fresh nonce to every answer: WRONG_CREDENTIALS on second 50 after three
    challenges (D10), TO = 50 + 7200 = 7250.

    Given auth_failure_retry_interval is 7200
    And the registrar runs the shipped script "401-wrong-credentials"
    When the clock runs to the end of second 7250
    Then alice sent REGISTERs at seconds "50, 50, 50, 7250, 7250, 7250"
    And alice is in state WRONG_CREDENTIALS_STATE

  @row-registrar-error @row-visit-not-due @row-visit-retry
  Scenario Outline: A transient <code> is not touched by the class settings
    Both class settings are 7200; the <code> still retries as D5 says, on second 250.

    Given auth_failure_retry_interval is 7200
    And rejected_retry_interval is 7200
    And the registrar answers alice with <code> once, then accepts
    When the clock runs to the end of second 250
    Then alice sent REGISTERs at seconds "50, 250"

    Examples:
      | code |
      | 400  |
      | 405  |
      | 480  |
      | 500  |
      | 503  |
      | 599  |

  @row-registrar-error @row-visit-not-due @row-force-register @row-visit-retry @row-2xx-registered
  Scenario: -1 holds a rejected record until the operator forces it to register
    The 404 of second 50 holds alice: no visit retries her, however long. reg_list still shows
    the TO D5 would have set, 50 + 300 - 100 = 250. The operator forces
    her to register on second 10000 and the next visit of her bucket, second 10050, does.

    Given rejected_retry_interval is -1
    And the registrar answers alice with 404 once, then accepts
    When the clock runs to the end of second 9999
    Then alice sent REGISTERs at seconds "50"
    And alice is in state REGISTRAR_ERROR_STATE
    And reg_list shows alice with registration_t_out at second 250
    When the clock reaches second 10000
    And the operator forces alice to register
    And the clock runs to the end of second 10050
    Then alice sent REGISTERs at seconds "50, 10050"
    And alice is in state REGISTERED_STATE

  @row-registrar-error @row-visit-not-due @row-visit-register @row-2xx-registered
  Scenario: -1 holds a record refused with a 403 until a reload
    The reload gives alice a fresh record (NOT_REGISTERED), which registers at the next visit.

    Given auth_failure_retry_interval is -1
    And the registrar answers alice with 403 once, then accepts
    When the clock runs to the end of second 5000
    Then alice sent REGISTERs at seconds "50"
    When the operator reloads all records
    And the clock runs to the end of second 5050
    Then alice sent REGISTERs at seconds "50, 5050"

  @D30 @row-timeout @row-registrar-error @row-visit-not-due @row-visit-retry
  Scenario: With retry_backoff on, a class at 0 backs off like a transient failure
    retry_base is 1000, retry_max 4000 and the jitter draw 0: the 404 of second 50 waits 1000 seconds
    (TO = 1050), the timeout of the retry (second 1080) waits 2000 (TO = 3080, visited on 3150).

    Given retry_backoff is 1
    And retry_base is 1000
    And retry_max is 4000
    And every back-off jitter draw is 0
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond: { code: 404 }
            - silence: true
              repeat: forever
      """
    When the clock runs to the end of second 3150
    Then alice sent REGISTERs at seconds "50, 1050, 3150"

  @spec-5.2 @row-2xx-no-contact @row-visit-not-due @row-visit-retry
  Scenario: A 200 without Contact is a transient failure, whatever the class settings
    Given auth_failure_retry_interval is 7200
    And rejected_retry_interval is 7200
    And the registrar answers alice with a 200 without Contact
    When the clock runs to the end of second 250
    Then alice sent REGISTERs at seconds "50, 250"

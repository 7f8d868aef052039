@D29
Feature: Retry-After sets the retry time
  OpenSIPS ignores Retry-After: a 503 "come back in two minutes" is retried at the same time as
  any other failure (D5). With honour_retry_after = 1, a failure whose reply carries Retry-After
  on a status RFC 3261 §20.33 defines it for (404, 413, 480, 486, 500, 503, 600, 603) sets
  TO = F + min(Retry-After, retry_after_max), where F is the second the reply was handled: the
  retry goes out at the first visit with now >= TO, never before Retry-After has passed, whether
  D5 would have retried sooner or later. reg_list shows that TO as registration_t_out.

  Here T = 100 and hash_size = 1: alice's bucket is visited on seconds 50, 150, 250 and so on,
  and her first REGISTER goes out on second 50. She asks for E = 3600 seconds, P = 100.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And alice registers to example.org with password wonderland and expiry 3600
    And honour_retry_after is 1

  @row-registrar-error @row-visit-retry @row-2xx-registered
  Scenario Outline: A <code> with Retry-After <RA>: the retry waits <wait> seconds (failure_retry_interval = <F>, retry_after_max = <max>)
    D5 alone would set TO = 50 + <X> - 100 = <D5>. Retry-After sets TO = 50 + <wait> = <TO>
    instead, and the retry of second <retry> is accepted.

    Given failure_retry_interval is <F>
    And retry_after_max is <max>
    And the registrar answers alice with <code> and Retry-After <RA> once, then accepts
    When the clock runs to the end of second 50
    Then alice is in state REGISTRAR_ERROR_STATE
    And reg_list shows alice with registration_t_out at second <TO>
    When the clock runs to the end of second <retry>
    Then alice sent REGISTERs at seconds "50, <retry>"
    And alice is in state REGISTERED_STATE

    @row-visit-not-due
    Examples: sooner than D5
      | code | RA  | F | X    | D5   | max  | wait | TO  | retry |
      | 503  | 120 | 0 | 3600 | 3550 | 3600 | 120  | 170 | 250   |
      | 500  | 200 | 0 | 3600 | 3550 | 3600 | 200  | 250 | 250   |

    Examples: Retry-After 0: the next visit retries
      | code | RA  | F | X    | D5   | max  | wait | TO  | retry |
      | 480  | 0   | 0 | 3600 | 3550 | 3600 | 0    | 50  | 150   |

    @row-visit-not-due
    Examples: later than D5
      | code | RA   | F   | X   | D5  | max  | wait | TO   | retry |
      | 503  | 1000 | 300 | 300 | 250 | 3600 | 1000 | 1050 | 1050  |
      | 404  | 1000 | 300 | 300 | 250 | 3600 | 1000 | 1050 | 1050  |
      | 413  | 1000 | 300 | 300 | 250 | 3600 | 1000 | 1050 | 1050  |
      | 486  | 1000 | 300 | 300 | 250 | 3600 | 1000 | 1050 | 1050  |
      | 600  | 1000 | 300 | 300 | 250 | 3600 | 1000 | 1050 | 1050  |
      | 603  | 1000 | 300 | 300 | 250 | 3600 | 1000 | 1050 | 1050  |

    @row-visit-not-due
    Examples: cut to retry_after_max
      | code | RA    | F   | X   | D5  | max | wait | TO  | retry |
      | 503  | 86400 | 300 | 300 | 250 | 600 | 600  | 650 | 650   |

  @row-registrar-error @row-visit-not-due @row-visit-retry
  Scenario Outline: Retry-After on a <code> is not one RFC 3261 defines, so D5 decides
    TO = 50 + 300 - 100 = 250, as without Retry-After.

    Given failure_retry_interval is 300
    And the registrar answers alice with <code> and Retry-After 1000 once, then accepts
    When the clock runs to the end of second 250
    Then alice sent REGISTERs at seconds "50, 250"

    Examples:
      | code |
      | 403  |
      | 501  |
      | 502  |
      | 604  |

  @row-registrar-error @row-visit-not-due @row-visit-retry
  Scenario: honour_retry_after = 0 ignores Retry-After, as OpenSIPS does
    Given honour_retry_after is 0
    And failure_retry_interval is 300
    And the registrar answers alice with 503 and Retry-After 1000 once, then accepts
    When the clock runs to the end of second 50
    Then reg_list shows alice with registration_t_out at second 250
    When the clock runs to the end of second 250
    Then alice sent REGISTERs at seconds "50, 250"

  @row-registrar-error @row-visit-not-due @row-visit-retry
  Scenario: A Retry-After that does not parse counts as absent
    Given failure_retry_interval is 300
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond: { code: 503, headers: { Retry-After: "soon" } }
            - accept: {}
              repeat: forever
      """
    When the clock runs to the end of second 250
    Then alice sent REGISTERs at seconds "50, 250"

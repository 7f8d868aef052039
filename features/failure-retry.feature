@spec-4.2 @spec-5.2 @D5
Feature: Retrying after a failed registration
  Every failure puts the record in an error state and sets its retry time
  TO = F + X - T, where F is the second the failure was handled, T is timer_interval and X is
  failure_retry_interval when it is set (not 0), else floor(E * P / 100) (D5, which also covers the
  3xx replies that OpenSIPS leaves without a retry time). The retry goes out at the first visit of
  the record's bucket with now >= TO, in a new dialog: a new Call-ID and CSeq 1.

  Here T = 100 and hash_size = 1: alice's bucket (0 of 2) is visited on seconds 50, 150, 250 and
  so on, so her first REGISTER goes out on second 50. She asks for E = 3600 seconds and
  P = 100, so without failure_retry_interval X = 3600. The transaction timeout is 30 seconds.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And reregister_expiry_percentage is 100
    And alice registers to example.org with password wonderland and expiry 3600

  @D27 @row-registrar-error @row-visit-retry
  Scenario Outline: 403 Forbidden is a registrar error, retried at the first visit on or after TO (failure_retry_interval = <F>)
    The 403 arrives on second 50: TO = 50 + <X> - 100 = <TO>, and the first visit with now >= <TO>
    is second <retry>.

    Given failure_retry_interval is <F>
    And the registrar answers alice with 403
    When the clock runs to the end of second <retry>
    Then the events of alice were:
      | second  | event                        |
      | 50      | E_REGISTRANT_REGISTERING     |
      | 50      | E_REGISTRANT_REGISTRAR_ERROR |
      | <retry> | E_REGISTRANT_REGISTERING     |
      | <retry> | E_REGISTRANT_REGISTRAR_ERROR |
    And the REGISTER transactions of alice were:
      | second  | CSeq | credentials | answer |
      | 50      | 1    | no          | 403    |
      | <retry> | 1    | no          | 403    |
    And alice sent a REGISTER at second <retry> with a new Call-ID and CSeq 1
    And alice is in state REGISTRAR_ERROR_STATE

    Examples: TO falls on a visit
      | F   | X    | TO   | retry |
      | 0   | 3600 | 3550 | 3550  |
      | 300 | 300  | 250  | 250   |

    Examples: TO falls between visits
      | F   | X   | TO | retry |
      | 120 | 120 | 70 | 150   |

    Examples: X <= T: TO has already passed, the next visit retries
      | F  | X  | TO | retry |
      | 50 | 50 | 0  | 150   |

  @D15 @D25 @D27 @row-timeout @row-visit-retry
  Scenario Outline: A registrar that never answers: REGISTER_TIMEOUT 30 seconds later (failure_retry_interval = <F>)
    The REGISTER of second 50 times out on second 50 + 30 = 80: TO = 80 + <X> - 100 = <TO>, and the
    first visit with now >= <TO> is second <retry>. Retransmissions are not new REGISTERs.

    Given failure_retry_interval is <F>
    And the registrar runs the shipped script "timeout"
    When the clock runs to the end of second 79
    Then alice is in state REGISTERING_STATE
    When the clock runs to the end of second <retry>
    Then the events of alice were:
      | second  | event                         |
      | 50      | E_REGISTRANT_REGISTERING      |
      | 80      | E_REGISTRANT_REGISTER_TIMEOUT |
      | <retry> | E_REGISTRANT_REGISTERING      |
    And the REGISTER transactions of alice were:
      | second  | CSeq | credentials | answer |
      | 50      | 1    | no          | none   |
      | <retry> | 1    | no          | none   |
    And alice sent a REGISTER at second <retry> with a new Call-ID and CSeq 1

    Examples:
      | F   | X    | TO   | retry |
      | 0   | 3600 | 3580 | 3650  |
      | 300 | 300  | 280  | 350   |

  Scenario: A timed-out record reports REGISTER_TIMEOUT_STATE until its retry
    Timed out on second 80 with TO = 80 + 300 - 100 = 280: the visits of seconds 150 and 250 come
    before TO and leave the record alone.

    Given failure_retry_interval is 300
    And the registrar runs the shipped script "timeout"
    When the clock runs to the end of second 349
    Then alice is in state REGISTER_TIMEOUT_STATE
    And the status of alice is -1 with text REGISTER_TIMEOUT_STATE
    And alice sent 1 REGISTER

  @spec-5.3 @row-redirect @row-visit-retry
  Scenario: A 302 redirect is an internal error, and D5 sets its retry time too
    The 302 arrives on second 50. OpenSIPS would leave TO at 0 and retry on the next visit
    (second 150); D5 sets TO = 50 + 3600 - 100 = 3550, so the retry waits until second 3550.

    Given the registrar runs the shipped script "302-moved"
    When the clock runs to the end of second 3550
    Then the events of alice were:
      | second | event                       |
      | 50     | E_REGISTRANT_REGISTERING    |
      | 50     | E_REGISTRANT_INTERNAL_ERROR |
      | 3550   | E_REGISTRANT_REGISTERING    |
      | 3550   | E_REGISTRANT_INTERNAL_ERROR |
    And the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 302    |
      | 3550   | 1    | no          | 302    |
    And alice sent a REGISTER at second 3550 with a new Call-ID and CSeq 1
    And alice is in state INTERNAL_ERROR_STATE
    And the status of alice is -1 with text INTERNAL_ERROR_STATE

  @spec-6.3 @D10 @row-auth-register-new-challenge @row-auth-register-rejected @row-visit-retry
  Scenario: Credentials that are never accepted end in WRONG_CREDENTIALS after three challenges
    The registrar answers every REGISTER with a 401 and a fresh nonce. On second 50 the first 401
    is answered with credentials; the second carries a new nonce, so D10 allows one more answer;
    the third 401 is WRONG_CREDENTIALS. TO = 50 + 3600 - 100 = 3550: the whole cycle starts again
    then, in a new dialog.

    Given the registrar runs the shipped script "401-wrong-credentials"
    When the clock runs to the end of second 3550
    Then the events of alice were:
      | second | event                          |
      | 50     | E_REGISTRANT_REGISTERING       |
      | 50     | E_REGISTRANT_AUTHENTICATING    |
      | 50     | E_REGISTRANT_AUTHENTICATING    |
      | 50     | E_REGISTRANT_WRONG_CREDENTIALS |
      | 3550   | E_REGISTRANT_REGISTERING       |
      | 3550   | E_REGISTRANT_AUTHENTICATING    |
      | 3550   | E_REGISTRANT_AUTHENTICATING    |
      | 3550   | E_REGISTRANT_WRONG_CREDENTIALS |
    And the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 50     | 2    | yes         | 401    |
      | 50     | 3    | yes         | 401    |
      | 3550   | 1    | no          | 401    |
      | 3550   | 2    | yes         | 401    |
      | 3550   | 3    | yes         | 401    |
    And alice sent a REGISTER at second 3550 with a new Call-ID and CSeq 1
    And alice is in state WRONG_CREDENTIALS_STATE
    And the status of alice is -1 with text WRONG_CREDENTIALS_STATE

@spec-4.2 @spec-5.2 @D5
Feature: Retrying after a failed registration
  Every failure puts the record in an error state and sets its retry time
  TO = F + X - T, where F is the second the failure was handled, T is timer_interval and X is
  failure_retry_interval when it is set (not 0), else floor(E * P / 100) (D5, which also covers the
  3xx replies and the send failures that OpenSIPS leaves without a retry time, Q9). The retry goes
  out at the first visit of the record's bucket with now >= TO, in a new dialog: a new Call-ID
  and CSeq 1. reg_list shows TO as registration_t_out.

  Here T = 100 and hash_size = 1: alice's bucket (0 of 2) is visited on seconds 50, 150, 250 and
  so on, so her first REGISTER goes out on second 50. She asks for E = 3600 seconds and
  P = 100, so without failure_retry_interval X = 3600. The transaction timeout is 30 seconds.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And reregister_expiry_percentage is 100
    And alice registers to example.org with password wonderland and expiry 3600

  @D27 @row-registrar-error @row-visit-retry
  Scenario Outline: <code> is a registrar error, retried at the first visit on or after TO (failure_retry_interval = <F>)
    The <code> arrives on second 50: TO = 50 + <X> - 100 = <TO>, and the first visit with
    now >= <TO> is second <retry>.

    Given failure_retry_interval is <F>
    And the registrar answers alice with <code>
    When the clock runs to the end of second 50
    Then reg_list shows alice with registration_t_out at second <TO>
    When the clock runs to the end of second <retry>
    Then the events of alice were:
      | second  | event                        |
      | 50      | E_REGISTRANT_REGISTERING     |
      | 50      | E_REGISTRANT_REGISTRAR_ERROR |
      | <retry> | E_REGISTRANT_REGISTERING     |
      | <retry> | E_REGISTRANT_REGISTRAR_ERROR |
    And the REGISTER transactions of alice were:
      | second  | CSeq | credentials | answer |
      | 50      | 1    | no          | <code> |
      | <retry> | 1    | no          | <code> |
    And alice sent a REGISTER at second <retry> with a new Call-ID and CSeq 1
    And alice is in state REGISTRAR_ERROR_STATE

    @row-visit-not-due
    Examples: TO falls on a visit
      | code | F   | X    | TO   | retry |
      | 403  | 0   | 3600 | 3550 | 3550  |
      | 403  | 300 | 300  | 250  | 250   |
      | 404  | 0   | 3600 | 3550 | 3550  |
      | 404  | 300 | 300  | 250  | 250   |
      | 500  | 0   | 3600 | 3550 | 3550  |
      | 500  | 300 | 300  | 250  | 250   |
      | 503  | 0   | 3600 | 3550 | 3550  |
      | 503  | 300 | 300  | 250  | 250   |
      | 603  | 0   | 3600 | 3550 | 3550  |
      | 603  | 300 | 300  | 250  | 250   |

    Examples: TO falls between visits
      | code | F   | X   | TO | retry |
      | 403  | 120 | 120 | 70 | 150   |

    Examples: X <= T: TO has already passed, the next visit retries
      | code | F  | X  | TO | retry |
      | 403  | 50 | 50 | 0  | 150   |

  @D15 @D25 @D27 @row-timeout @row-visit-not-due @row-visit-retry
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

  @D25 @row-timeout @row-visit-not-due @row-visit-retry
  Scenario Outline: A 408 answer is a timeout too (failure_retry_interval = <F>)
    The 408 arrives on second 50: REGISTER_TIMEOUT at once, TO = 50 + <X> - 100 = <TO>.

    Given failure_retry_interval is <F>
    And the registrar answers alice with 408
    When the clock runs to the end of second <retry>
    Then the events of alice were:
      | second  | event                         |
      | 50      | E_REGISTRANT_REGISTERING      |
      | 50      | E_REGISTRANT_REGISTER_TIMEOUT |
      | <retry> | E_REGISTRANT_REGISTERING      |
      | <retry> | E_REGISTRANT_REGISTER_TIMEOUT |
    And alice sent a REGISTER at second <retry> with a new Call-ID and CSeq 1
    And alice sent 2 REGISTERs

    Examples:
      | F   | X    | TO   | retry |
      | 0   | 3600 | 3550 | 3550  |
      | 300 | 300  | 250  | 250   |

  @row-timeout @row-visit-not-due
  Scenario: A timed-out record reports REGISTER_TIMEOUT_STATE until its retry
    Timed out on second 80 with TO = 80 + 300 - 100 = 280: the visits of seconds 150 and 250 come
    before TO and leave the record alone.

    Given failure_retry_interval is 300
    And the registrar runs the shipped script "timeout"
    When the clock runs to the end of second 349
    Then alice is in state REGISTER_TIMEOUT_STATE
    And the status of alice is -1 with text REGISTER_TIMEOUT_STATE
    And reg_list shows alice with registration_t_out at second 280
    And alice sent 1 REGISTER

  @D25 @D27 @row-visit-refresh @row-transport-error @row-visit-not-due @row-visit-retry
  Scenario Outline: A refused connection is an internal error at once, retried in a new dialog (failure_retry_interval = <F>)
    alice reaches her registrar over TCP. She registers on second 50; from second 100 to second
    3600 the registrar refuses TCP connections, so the refresh of second 3550 cannot be sent:
    INTERNAL_ERROR on that same second, without waiting for the 30 s timeout (D25).
    TO = 3550 + <X> - 100 = <TO>, and the retry of second <retry> reaches the registrar again, in
    a new dialog.

    Given alice reaches example.org over TCP
    And failure_retry_interval is <F>
    And the registrar accepts everyone
    And the registrar refuses TCP connections from second 100 to second 3600
    When the clock runs to the end of second 3550
    Then alice is in state INTERNAL_ERROR_STATE
    And reg_list shows alice with registration_t_out at second <TO>
    When the clock runs to the end of second <retry>
    Then the registrar refused TCP connections at seconds "3550"
    And the events of alice were:
      | second  | event                       |
      | 50      | E_REGISTRANT_REGISTERING    |
      | 50      | E_REGISTRANT_REGISTERED     |
      | 3550    | E_REGISTRANT_REGISTERING    |
      | 3550    | E_REGISTRANT_INTERNAL_ERROR |
      | <retry> | E_REGISTRANT_REGISTERING    |
      | <retry> | E_REGISTRANT_REGISTERED     |
    And the REGISTER transactions of alice were:
      | second  | Call-ID | CSeq | credentials | answer |
      | 50      | #1      | 1    | no          | 200    |
      | <retry> | #2      | 1    | no          | 200    |

    Examples:
      | F   | X    | TO   | retry |
      | 0   | 3600 | 7050 | 7050  |
      | 300 | 300  | 3750 | 3750  |

  @D25 @row-visit-refresh @row-transport-error @row-visit-not-due @row-visit-retry
  Scenario: A registrar name that no longer resolves is an internal error at once
    The name example.org disappears from DNS after alice registered on second 50: the refresh of
    second 3550 has nowhere to go, INTERNAL_ERROR at once, TO = 3550 + 300 - 100 = 3750. The name
    is back by then, and the retry goes out in a new dialog.

    Given failure_retry_interval is 300
    And the registrar accepts everyone
    When the clock runs to the end of second 99
    And example.org stops resolving
    And the clock runs to the end of second 3550
    Then alice is in state INTERNAL_ERROR_STATE
    When example.org resolves again
    And the clock runs to the end of second 3750
    Then the events of alice were:
      | second | event                       |
      | 50     | E_REGISTRANT_REGISTERING    |
      | 50     | E_REGISTRANT_REGISTERED     |
      | 3550   | E_REGISTRANT_REGISTERING    |
      | 3550   | E_REGISTRANT_INTERNAL_ERROR |
      | 3750   | E_REGISTRANT_REGISTERING    |
      | 3750   | E_REGISTRANT_REGISTERED     |
    And the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | credentials | answer |
      | 50     | #1      | 1    | no          | 200    |
      | 3750   | #2      | 1    | no          | 200    |

  @spec-5.3 @row-redirect @row-visit-not-due @row-visit-retry
  Scenario Outline: A 302 redirect is an internal error, and D5 sets its retry time too (failure_retry_interval = <F>)
    The 302 arrives on second 50. OpenSIPS would leave TO at 0 and retry on the next visit
    (second 150); D5 sets TO = 50 + <X> - 100 = <TO>, so the retry waits until second <retry>.

    Given failure_retry_interval is <F>
    And the registrar runs the shipped script "302-moved"
    When the clock runs to the end of second <retry>
    Then the events of alice were:
      | second  | event                       |
      | 50      | E_REGISTRANT_REGISTERING    |
      | 50      | E_REGISTRANT_INTERNAL_ERROR |
      | <retry> | E_REGISTRANT_REGISTERING    |
      | <retry> | E_REGISTRANT_INTERNAL_ERROR |
    And the REGISTER transactions of alice were:
      | second  | CSeq | credentials | answer |
      | 50      | 1    | no          | 302    |
      | <retry> | 1    | no          | 302    |
    And alice sent a REGISTER at second <retry> with a new Call-ID and CSeq 1
    And alice is in state INTERNAL_ERROR_STATE
    And the status of alice is -1 with text INTERNAL_ERROR_STATE

    Examples:
      | F   | X    | TO   | retry |
      | 0   | 3600 | 3550 | 3550  |
      | 300 | 300  | 250  | 250   |

  @spec-5.2 @row-2xx-no-contact @row-visit-not-due @row-visit-retry
  Scenario Outline: A 200 without Contact is an internal error, retried at TO (failure_retry_interval = <F>)
    A 200 that lists no binding at all does not say whether alice is registered: INTERNAL_ERROR
    (§5.2, Q32 kept), TO = 50 + <X> - 100 = <TO>.

    Given failure_retry_interval is <F>
    And the registrar answers alice with a 200 without Contact
    When the clock runs to the end of second <retry>
    Then the events of alice were:
      | second  | event                       |
      | 50      | E_REGISTRANT_REGISTERING    |
      | 50      | E_REGISTRANT_INTERNAL_ERROR |
      | <retry> | E_REGISTRANT_REGISTERING    |
      | <retry> | E_REGISTRANT_INTERNAL_ERROR |
    And alice sent a REGISTER at second <retry> with a new Call-ID and CSeq 1
    And alice sent 2 REGISTERs

    Examples:
      | F   | X    | TO   | retry |
      | 0   | 3600 | 3550 | 3550  |
      | 300 | 300  | 250  | 250   |

  @spec-5.2 @row-2xx-unparsable @row-visit-retry @row-auth-register @row-2xx-registered
  Scenario: A 200 whose Contact does not parse is an internal error; the retry registers
    The first 200 carries "Contact: <sip:alice@;expires=abc": INTERNAL_ERROR on second 50,
    TO = 50 + 300 - 100 = 250. The registrar then behaves as usual: it challenges the retry, and
    alice's answer is accepted.

    Given failure_retry_interval is 300
    And the registrar runs the shipped script "malformed-200"
    When the clock runs to the end of second 250
    Then the events of alice were:
      | second | event                       |
      | 50     | E_REGISTRANT_REGISTERING    |
      | 50     | E_REGISTRANT_INTERNAL_ERROR |
      | 250    | E_REGISTRANT_REGISTERING    |
      | 250    | E_REGISTRANT_AUTHENTICATING |
      | 250    | E_REGISTRANT_REGISTERED     |
    And the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | credentials | answer |
      | 50     | #1      | 1    | no          | 200    |
      | 250    | #2      | 1    | no          | 401    |
      | 250    | #2      | 2    | yes         | 200    |

  @spec-6.3 @D10 @row-auth-register @row-auth-register-new-challenge @row-auth-register-rejected @row-visit-not-due @row-visit-retry
  Scenario Outline: Credentials that are never accepted end in WRONG_CREDENTIALS after three challenges (failure_retry_interval = <F>)
    The registrar answers every REGISTER with a 401 and a fresh nonce. On second 50 the first 401
    is answered with credentials; the second carries a new nonce, so D10 allows one more answer;
    the third 401 is WRONG_CREDENTIALS. TO = 50 + <X> - 100 = <TO>: the whole cycle starts again
    then, in a new dialog.

    Given failure_retry_interval is <F>
    And the registrar runs the shipped script "401-wrong-credentials"
    When the clock runs to the end of second <retry>
    Then the events of alice were:
      | second  | event                          |
      | 50      | E_REGISTRANT_REGISTERING       |
      | 50      | E_REGISTRANT_AUTHENTICATING    |
      | 50      | E_REGISTRANT_AUTHENTICATING    |
      | 50      | E_REGISTRANT_WRONG_CREDENTIALS |
      | <retry> | E_REGISTRANT_REGISTERING       |
      | <retry> | E_REGISTRANT_AUTHENTICATING    |
      | <retry> | E_REGISTRANT_AUTHENTICATING    |
      | <retry> | E_REGISTRANT_WRONG_CREDENTIALS |
    And the REGISTER transactions of alice were:
      | second  | CSeq | credentials | answer |
      | 50      | 1    | no          | 401    |
      | 50      | 2    | yes         | 401    |
      | 50      | 3    | yes         | 401    |
      | <retry> | 1    | no          | 401    |
      | <retry> | 2    | yes         | 401    |
      | <retry> | 3    | yes         | 401    |
    And alice sent a REGISTER at second <retry> with a new Call-ID and CSeq 1
    And alice is in state WRONG_CREDENTIALS_STATE
    And the status of alice is -1 with text WRONG_CREDENTIALS_STATE

    Examples:
      | F   | X    | TO   | retry |
      | 0   | 3600 | 3550 | 3550  |
      | 300 | 300  | 250  | 250   |

  @spec-5.3 @row-auth-no-credentials @row-visit-not-due @row-visit-retry
  Scenario Outline: A challenge to a record without credentials is WRONG_CREDENTIALS at once (failure_retry_interval = <F>)
    bob has no username and password: the 401 of second 100 (his bucket, 1 of 2, is visited on
    seconds 100, 200, ...) cannot be answered. TO = 100 + <X> - 100 = <TO>.

    Given bob registers to example.org with expiry 3600 and no credentials
    And failure_retry_interval is <F>
    And the registrar challenges bob with MD5 then accepts
    When the clock runs to the end of second <retry>
    Then the events of bob were:
      | second  | event                          |
      | 100     | E_REGISTRANT_REGISTERING       |
      | 100     | E_REGISTRANT_WRONG_CREDENTIALS |
      | <retry> | E_REGISTRANT_REGISTERING       |
      | <retry> | E_REGISTRANT_WRONG_CREDENTIALS |
    And bob sent a REGISTER at second <retry> with a new Call-ID and CSeq 1
    And bob sent 2 REGISTERs

    Examples:
      | F   | X    | TO   | retry |
      | 0   | 3600 | 3600 | 3600  |
      | 300 | 300  | 300  | 300   |

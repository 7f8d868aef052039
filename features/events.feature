@spec-5 @spec-10 @spec-11
Feature: Registration, its events and its status report
  The registrant keeps each account registered at its registrar and tells the world about every
  state it enters: one event per state (none for NOT_REGISTERED_STATE) and one Status/Report line.
  Every event carries exactly three parameters, all taken from the record as configured: aor,
  contact (the binding URI) and registrar (the registrar URI). A record gets its events again
  each time it enters a state, the same state included.

  In every scenario the engine starts at second 0 with timer_interval 100 and hash_size 1: two
  buckets, one visited every 50 seconds. alice (sip:alice@example.org, contact
  sip:alice@10.0.0.1:5060) is in bucket 0, so her record is first looked at on second 50, then
  every 100 seconds. The simulated registrar serves example.org and knows alice (password
  wonderland) and bob (password rosebud). Nothing is lost or delayed on the network, so a
  registrar's answer arrives in the second it was asked for.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And alice registers to example.org with password wonderland and expiry 3600

  @spec-5.3 @spec-3.2 @row-visit-register @row-2xx-registered
  Scenario: A registrar that accepts at once
    Given the registrar accepts everyone
    When 100 seconds pass
    Then the events were, with their parameters:
      | second | event                    | aor                   | contact                 | registrar       |
      | 50     | E_REGISTRANT_REGISTERING | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 50     | E_REGISTRANT_REGISTERED  | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
    And alice is in state REGISTERED_STATE
    And the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 200    |
    And the registrar has 1 binding for alice

  @spec-5.2 @spec-6.3 @D9 @D16 @row-visit-register @row-auth-register @row-2xx-registered
  Scenario: A challenged registration goes through REGISTERING, AUTHENTICATING, REGISTERED
    The password answers the challenge but never shows: not in an event, not in the status
    report, not in reg_list (D16).

    Given the registrar challenges alice with MD5 then accepts
    When 100 seconds pass
    Then the events were, with their parameters:
      | second | event                       | aor                   | contact                 | registrar       |
      | 50     | E_REGISTRANT_REGISTERING    | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 50     | E_REGISTRANT_AUTHENTICATING | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 50     | E_REGISTRANT_REGISTERED     | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
    And the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 50     | 2    | yes         | 200    |
    And the status of alice is 1 with text REGISTERED_STATE
    And the status report of alice reads:
      | second | report                                  |
      | 0      | created with state NOT_REGISTERED_STATE |
      | 50     | state changed to REGISTERING_STATE      |
      | 50     | state changed to AUTHENTICATING_STATE   |
      | 50     | state changed to REGISTERED_STATE       |
    And the password wonderland shows in no event, status report or reg_list output

  @spec-4.1 @spec-5.4 @D1 @D27 @row-visit-register @row-auth-register @row-2xx-registered @row-visit-not-due @row-visit-refresh
  Scenario: The refresh keeps the Call-ID and goes out at R + E - T
    Registered at second 50 for 3600 seconds with P = 100, alice is due again at
    TO = 50 + 3600 - 100 = 3550, which is a visit of her bucket. The refresh starts without
    credentials and is challenged again: every refresh costs two transactions and raises the
    same three events as the first registration.

    Given the registrar challenges alice with MD5 then accepts
    When 3600 seconds pass
    Then alice sent a REGISTER at second 3550 with the same Call-ID and CSeq 3
    And alice sent no REGISTER between second 51 and second 3549
    And the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 50     | 2    | yes         | 200    |
      | 3550   | 3    | no          | 401    |
      | 3550   | 4    | yes         | 200    |
    And the events were, with their parameters:
      | second | event                       | aor                   | contact                 | registrar       |
      | 50     | E_REGISTRANT_REGISTERING    | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 50     | E_REGISTRANT_AUTHENTICATING | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 50     | E_REGISTRANT_REGISTERED     | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 3550   | E_REGISTRANT_REGISTERING    | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 3550   | E_REGISTRANT_AUTHENTICATING | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 3550   | E_REGISTRANT_REGISTERED     | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |

  @spec-5.2 @D5 @row-visit-register @row-registrar-error @row-visit-not-due @row-visit-retry
  Scenario: 403 Forbidden is a registrar error, retried with a new Call-ID
    A 403 is the registrar's refusal, not a credentials problem: REGISTRAR_ERROR_STATE. With no
    failure_retry_interval the retry waits floor(E*P/100): TO = 50 + 3600 - 100 = 3550.

    Given the registrar answers alice with 403
    When 3600 seconds pass
    Then the events of alice were:
      | second | event                        |
      | 50     | E_REGISTRANT_REGISTERING     |
      | 50     | E_REGISTRANT_REGISTRAR_ERROR |
      | 3550   | E_REGISTRANT_REGISTERING     |
      | 3550   | E_REGISTRANT_REGISTRAR_ERROR |
    And alice is in state REGISTRAR_ERROR_STATE
    And the status of alice is -1 with text REGISTRAR_ERROR_STATE
    And alice sent a REGISTER at second 3550 with a new Call-ID and CSeq 1
    And the registrar has 0 bindings for alice

  @spec-5.2
  Scenario Outline: An answer that does not register raises its error event (<answer>)
    The REGISTER of second 50 fails; the record enters <state> and raises <event>, with the same
    three parameters as every other event. A registrar that never answers is given up on after
    the 30 s transaction timeout, on second 80 (D15, D25).

    Given the registrar <answers>
    When the clock runs to the end of second 100
    Then the events were, with their parameters:
      | second   | event                    | aor                   | contact                 | registrar       |
      | 50       | E_REGISTRANT_REGISTERING | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | <second> | <event>                  | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
    And alice is in state <state>
    And the status of alice is -1 with text <state>

    @row-registrar-error
    Examples: Any other final error is the registrar's
      | answer                     | answers                  | second | event                        | state                 |
      | 404 Not Found              | answers alice with 404   | 50     | E_REGISTRANT_REGISTRAR_ERROR | REGISTRAR_ERROR_STATE |
      | 480 Temporarily Unavailable | answers alice with 480   | 50     | E_REGISTRANT_REGISTRAR_ERROR | REGISTRAR_ERROR_STATE |
      | 500 Server Internal Error  | answers alice with 500   | 50     | E_REGISTRANT_REGISTRAR_ERROR | REGISTRAR_ERROR_STATE |
      | 503 Service Unavailable    | answers alice with 503   | 50     | E_REGISTRANT_REGISTRAR_ERROR | REGISTRAR_ERROR_STATE |
      | 603 Decline                | answers alice with 603   | 50     | E_REGISTRANT_REGISTRAR_ERROR | REGISTRAR_ERROR_STATE |

    @row-timeout @D25
    Examples: A 408 answer and no answer at all are timeouts
      | answer               | answers                   | second | event                         | state                  |
      | 408 Request Timeout  | answers alice with 408    | 50     | E_REGISTRANT_REGISTER_TIMEOUT | REGISTER_TIMEOUT_STATE |
      | no answer            | never answers alice       | 80     | E_REGISTRANT_REGISTER_TIMEOUT | REGISTER_TIMEOUT_STATE |

    @row-redirect
    Examples: A redirect is not followed: an internal error
      | answer                   | answers                  | second | event                       | state                |
      | 302 Moved Temporarily    | answers alice with 302   | 50     | E_REGISTRANT_INTERNAL_ERROR | INTERNAL_ERROR_STATE |

    @row-2xx-no-contact
    Examples: A 200 that lists no binding cannot be read as a registration: an internal error
      | answer              | answers                                  | second | event                       | state                |
      | 200 without Contact | answers alice with a 200 without Contact | 50     | E_REGISTRANT_INTERNAL_ERROR | INTERNAL_ERROR_STATE |

  @spec-6.3 @D10 @row-auth-register @row-auth-register-new-challenge @row-auth-register-rejected
  Scenario: Credentials the registrar never accepts: AUTHENTICATING twice, then WRONG_CREDENTIALS
    Every REGISTER is challenged with a fresh nonce. The first challenge is answered
    (AUTHENTICATING); the second has a new nonce, so it is answered once more and AUTHENTICATING
    is raised again (D10); the third is WRONG_CREDENTIALS.

    Given the registrar runs the shipped script "401-wrong-credentials"
    When the clock runs to the end of second 100
    Then the events were, with their parameters:
      | second | event                          | aor                   | contact                 | registrar       |
      | 50     | E_REGISTRANT_REGISTERING       | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 50     | E_REGISTRANT_AUTHENTICATING    | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 50     | E_REGISTRANT_AUTHENTICATING    | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 50     | E_REGISTRANT_WRONG_CREDENTIALS | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
    And the status of alice is -1 with text WRONG_CREDENTIALS_STATE
    And the password wonderland shows in no event, status report or reg_list output

  @D25 @row-transport-error
  Scenario: A registrar that refuses the connection: INTERNAL_ERROR at once
    alice's registrar is reached over TCP (sip:example.org;transport=tcp, which is also what the
    registrar parameter of her events says) and refuses the connection on second 50. That is a
    failure to send: INTERNAL_ERROR on that same second, without waiting for a timeout.

    Given alice reaches example.org over TCP
    And the registrar refuses TCP connections from second 0 to second 1000
    When the clock runs to the end of second 100
    Then the events were, with their parameters:
      | second | event                       | aor                   | contact                 | registrar                     |
      | 50     | E_REGISTRANT_REGISTERING    | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org;transport=tcp |
      | 50     | E_REGISTRANT_INTERNAL_ERROR | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org;transport=tcp |
    And the registrar refused TCP connections at seconds "50"
    And alice sent 0 REGISTERs
    And alice is in state INTERNAL_ERROR_STATE

  @spec-8 @D16 @row-disable-unregister @row-auth-unregister @row-2xx-unregistered
  Scenario: An unREGISTER raises UNREGISTERING and AUTHENTICATING_UNREGISTER; the 200 that ends it raises nothing
    alice registers on second 50 (challenged, as every REGISTER without credentials is). The
    operator disables her on second 60: the unREGISTER is challenged too and answered, and the 200
    leaves her NOT_REGISTERED_STATE. That state has no event: the status report alone says so.

    Given the registrar challenges alice with MD5 then accepts
    When 60 seconds pass
    And the operator disables alice
    And the clock runs to the end of second 100
    Then the REGISTER transactions of alice were:
      | second | CSeq | contact      | credentials | answer |
      | 50     | 1    | expires=3600 | no          | 401    |
      | 50     | 2    | expires=3600 | yes         | 200    |
      | 60     | 3    | expires=0    | no          | 401    |
      | 60     | 4    | expires=0    | yes         | 200    |
    And the events were, with their parameters:
      | second | event                                  | aor                   | contact                 | registrar       |
      | 50     | E_REGISTRANT_REGISTERING               | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 50     | E_REGISTRANT_AUTHENTICATING            | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 50     | E_REGISTRANT_REGISTERED                | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 60     | E_REGISTRANT_UNREGISTERING             | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 60     | E_REGISTRANT_AUTHENTICATING_UNREGISTER | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
    And the status of alice is -1 with text NOT_REGISTERED_STATE
    And the status report of alice reads:
      | second | report                                           |
      | 0      | created with state NOT_REGISTERED_STATE          |
      | 50     | state changed to REGISTERING_STATE               |
      | 50     | state changed to AUTHENTICATING_STATE            |
      | 50     | state changed to REGISTERED_STATE                |
      | 60     | state changed to UNREGISTERING_STATE             |
      | 60     | state changed to AUTHENTICATING_UNREGISTER_STATE |
      | 60     | state changed to NOT_REGISTERED_STATE            |
    And the registrar has 0 bindings for alice
    And the password wonderland shows in no event, status report or reg_list output

  @spec-7 @D8 @row-visit-register @row-2xx-cleanup @row-2xx-unregistered-reregister @row-2xx-registered
  Scenario: A wildcard removal raises UNREGISTERING between two REGISTERINGs
    alice's binding params make her binding unique (reg-id and +sip.instance). The 200 to her
    first REGISTER also lists another device: she removes every binding with Contact: * (an
    unREGISTER, so UNREGISTERING) and registers again in a new dialog. The contact parameter of
    the events is the binding URI alone, without the binding params.

    Given the Contact of alice carries the binding params ';reg-id=1;+sip.instance="<urn:uuid:00000000-0000-1000-8000-00a0c91e6bf6>"'
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          when: { kind: initial }
          steps:
            - accept:
                extraBindings:
                  - contact: "<sip:desk@192.0.2.7:5060>"
            - accept: {}
              repeat: forever
        - for: sip:alice@example.org
          when: { kind: wildcard }
          steps:
            - accept: {}
              repeat: forever
      """
    When the clock runs to the end of second 100
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 50     | #1      | 2    | *            | no          | 200    |
      | 50     | #2      | 1    | expires=3600 | no          | 200    |
    And the events were, with their parameters:
      | second | event                      | aor                   | contact                 | registrar       |
      | 50     | E_REGISTRANT_REGISTERING   | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 50     | E_REGISTRANT_UNREGISTERING | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 50     | E_REGISTRANT_REGISTERING   | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 50     | E_REGISTRANT_REGISTERED    | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |

  @spec-3.2
  Scenario: Each record's events carry its own parameters
    bob is in bucket 1, visited on second 100.

    Given bob registers to example.org with password rosebud and expiry 3600
    And the registrar accepts everyone
    When the clock runs to the end of second 100
    Then the events were, with their parameters:
      | second | event                    | aor                   | contact                 | registrar       |
      | 50     | E_REGISTRANT_REGISTERING | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 50     | E_REGISTRANT_REGISTERED  | sip:alice@example.org | sip:alice@10.0.0.1:5060 | sip:example.org |
      | 100    | E_REGISTRANT_REGISTERING | sip:bob@example.org   | sip:bob@10.0.0.1:5060   | sip:example.org |
      | 100    | E_REGISTRANT_REGISTERED  | sip:bob@example.org   | sip:bob@10.0.0.1:5060   | sip:example.org |
    And the password rosebud shows in no event, status report or reg_list output

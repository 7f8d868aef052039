@spec-7 @D8
Feature: Unique binding: one registration per device instance
  A record whose binding params hold both reg-id and +sip.instance (RFC 5626) wants to be the only
  binding of its AOR (D8). When the 200 to its REGISTER lists more than one binding, it removes
  every binding with a wildcard unREGISTER (Contact: *, Expires: 0) in the same dialog, and after
  the 200 to that registers again in a new dialog: a new Call-ID and CSeq 1 (§7, §5.4).

  The engine starts at second 0 with timer_interval 100 and hash_size 1: alice's bucket (0 of 2)
  is first visited on second 50, so every exchange below happens on second 50. alice asks for
  3600 seconds. Another device of hers, sip:desk@192.0.2.7, shows up in some 200s: the registrar
  lists it there but does not keep it. In the tables, Call-ID #1, #2, ... names each dialog in the
  order it appeared, and the contact column shows what the REGISTER asked for.

  Background:
    Given timer_interval is 100 and hash_size is 1

  @row-2xx-cleanup @row-2xx-unregistered-reregister @row-2xx-registered
  Scenario: A 200 that lists a foreign binding is cleaned up with a wildcard, then registered again
    Given alice registers to example.org with expiry 3600 and no credentials
    And the Contact of alice carries the binding params ';reg-id=1;+sip.instance="<urn:uuid:00000000-0000-1000-8000-00a0c91e6bf6>"'
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
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 50     | #1      | 2    | *            | no          | 200    |
      | 50     | #2      | 1    | expires=3600 | no          | 200    |
    And the REGISTER of alice at second 50 with CSeq 2 carried the headers:
      | header  | value |
      | Contact | *     |
      | Expires | 0     |
    And the events of alice were:
      | second | event                      |
      | 50     | E_REGISTRANT_REGISTERING   |
      | 50     | E_REGISTRANT_UNREGISTERING |
      | 50     | E_REGISTRANT_REGISTERING   |
      | 50     | E_REGISTRANT_REGISTERED    |
    And alice is in state REGISTERED_STATE
    And the registrar has 1 binding for alice

  @row-2xx-registered
  Scenario: Without reg-id and +sip.instance a foreign binding is left alone
    Given alice registers to example.org with expiry 3600 and no credentials
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - accept:
                extraBindings:
                  - contact: "<sip:desk@192.0.2.7:5060>"
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
    And the events of alice were:
      | second | event                    |
      | 50     | E_REGISTRANT_REGISTERING |
      | 50     | E_REGISTRANT_REGISTERED  |
    And alice is in state REGISTERED_STATE

  @row-2xx-registered
  Scenario: Only one of the two params does not make the binding unique
    Given alice registers to example.org with expiry 3600 and no credentials
    And the Contact of alice carries the binding params ";reg-id=1"
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - accept:
                extraBindings:
                  - contact: "<sip:desk@192.0.2.7:5060>"
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then alice sent 1 REGISTER
    And alice is in state REGISTERED_STATE

  @D7 @D5 @row-2xx-cleanup @row-423-unregister
  Scenario: A 423 to the wildcard unREGISTER is a REGISTRAR_ERROR, not a retry with a longer interval
    The registrar answers the wildcard clean-up with a 423 and Min-Expires 7200. A removal has no
    interval to lengthen: alice is in REGISTRAR_ERROR on second 50, nothing more is sent, and
    failure_retry_interval 300 makes TO = 50 + 300 - 100 = 250.

    Given failure_retry_interval is 300
    And alice registers to example.org with expiry 3600 and no credentials
    And the Contact of alice carries the binding params ';reg-id=1;+sip.instance="<urn:uuid:00000000-0000-1000-8000-00a0c91e6bf6>"'
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          when: { kind: wildcard }
          steps:
            - respond:
                code: 423
                headers: { Min-Expires: 7200 }
              repeat: forever
        - for: sip:alice@example.org
          steps:
            - accept:
                extraBindings:
                  - contact: "<sip:desk@192.0.2.7:5060>"
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 50     | #1      | 2    | *            | no          | 423    |
    And the events of alice were:
      | second | event                        |
      | 50     | E_REGISTRANT_REGISTERING     |
      | 50     | E_REGISTRANT_UNREGISTERING   |
      | 50     | E_REGISTRANT_REGISTRAR_ERROR |
    And alice is in state REGISTRAR_ERROR_STATE
    And reg_list shows alice with registration_t_out at second 250

  @D11 @spec-6.3 @row-2xx-cleanup @row-auth-unregister @row-2xx-unregistered-reregister
  Scenario: A challenged wildcard unREGISTER is sent again as a wildcard with credentials
    D11 replaces OpenSIPS's behaviour (Q4), which answers the challenge with an unREGISTER of its
    own Contact only and so leaves the foreign binding in place.

    Given alice registers to example.org with password wonderland and expiry 3600
    And the Contact of alice carries the binding params ';reg-id=1;+sip.instance="<urn:uuid:00000000-0000-1000-8000-00a0c91e6bf6>"'
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          when: { kind: authenticated }
          steps:
            - accept: {}
              repeat: forever
        - for: sip:alice@example.org
          when: { kind: wildcard }
          steps:
            - challenge: {}
              repeat: forever
        - for: sip:alice@example.org
          when: { kind: initial }
          steps:
            - accept:
                extraBindings:
                  - contact: "<sip:desk@192.0.2.7:5060>"
            - accept: {}
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 50     | #1      | 2    | *            | no          | 401    |
      | 50     | #1      | 3    | *            | yes         | 200    |
      | 50     | #2      | 1    | expires=3600 | no          | 200    |
    And the REGISTER of alice at second 50 with CSeq 3 carried the headers:
      | header  | value |
      | Contact | *     |
      | Expires | 0     |
    And the events of alice were:
      | second | event                                  |
      | 50     | E_REGISTRANT_REGISTERING               |
      | 50     | E_REGISTRANT_UNREGISTERING             |
      | 50     | E_REGISTRANT_AUTHENTICATING_UNREGISTER |
      | 50     | E_REGISTRANT_REGISTERING               |
      | 50     | E_REGISTRANT_REGISTERED                |
    And alice is in state REGISTERED_STATE

  @D24 @D5 @row-2xx-cleanup @row-2xx-unregistered-reregister @row-2xx-cleanup-loop @row-visit-retry
  Scenario: A registrar that keeps listing two bindings: three clean-ups, then REGISTRAR_ERROR
    Every 200 to a REGISTER lists the foreign binding. After three wildcard clean-ups in a row the
    200 to the 4th REGISTER still lists two bindings: REGISTRAR_ERROR, with
    TO = 50 + 3600 - 100 = 3550 (D5, P = 100). Entering the error state resets the count, so the
    retry on second 3550 goes through three clean-ups again.

    Given alice registers to example.org with expiry 3600 and no credentials
    And the Contact of alice carries the binding params ';reg-id=1;+sip.instance="<urn:uuid:00000000-0000-1000-8000-00a0c91e6bf6>"'
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          when: { kind: wildcard }
          steps:
            - accept: {}
              repeat: forever
        - for: sip:alice@example.org
          steps:
            - accept:
                extraBindings:
                  - contact: "<sip:desk@192.0.2.7:5060>"
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 50     | #1      | 2    | *            | no          | 200    |
      | 50     | #2      | 1    | expires=3600 | no          | 200    |
      | 50     | #2      | 2    | *            | no          | 200    |
      | 50     | #3      | 1    | expires=3600 | no          | 200    |
      | 50     | #3      | 2    | *            | no          | 200    |
      | 50     | #4      | 1    | expires=3600 | no          | 200    |
    And the events of alice were:
      | second | event                        |
      | 50     | E_REGISTRANT_REGISTERING     |
      | 50     | E_REGISTRANT_UNREGISTERING   |
      | 50     | E_REGISTRANT_REGISTERING     |
      | 50     | E_REGISTRANT_UNREGISTERING   |
      | 50     | E_REGISTRANT_REGISTERING     |
      | 50     | E_REGISTRANT_UNREGISTERING   |
      | 50     | E_REGISTRANT_REGISTERING     |
      | 50     | E_REGISTRANT_REGISTRAR_ERROR |
    And alice is in state REGISTRAR_ERROR_STATE
    When the clock runs to the end of second 3550
    Then alice sent no REGISTER between second 51 and second 3549
    And alice sent a REGISTER at second 3550 with a new Call-ID and CSeq 1
    And alice sent 14 REGISTERs
    And alice is in state REGISTRAR_ERROR_STATE

  @D24 @row-2xx-cleanup @row-2xx-unregistered-reregister @row-2xx-registered @row-visit-refresh @row-2xx-cleanup-loop
  Scenario: A 200 with one binding resets the clean-up count
    On second 50 two clean-ups are needed before a 200 lists alice's binding alone: she is
    registered, and that resets the count. From the refresh of second 3550 on (TO = 50 + 3600 - 100)
    every 200 lists the other device again: three more clean-ups are allowed, and the 200 to the
    4th REGISTER in a row is a REGISTRAR_ERROR. Without the reset only one would have been left.

    Given alice registers to example.org with expiry 3600 and no credentials
    And the Contact of alice carries the binding params ';reg-id=1;+sip.instance="<urn:uuid:00000000-0000-1000-8000-00a0c91e6bf6>"'
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          when: { kind: wildcard }
          steps:
            - accept: {}
              repeat: forever
        - for: sip:alice@example.org
          when: { kind: initial }
          steps:
            - accept:
                extraBindings:
                  - contact: "<sip:desk@192.0.2.7:5060>"
              times: 2
            - accept: {}
            - accept:
                extraBindings:
                  - contact: "<sip:desk@192.0.2.7:5060>"
              repeat: forever
        - for: sip:alice@example.org
          when: { kind: refresh }
          steps:
            - accept:
                extraBindings:
                  - contact: "<sip:desk@192.0.2.7:5060>"
              repeat: forever
      """
    When the clock runs to the end of second 3550
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 50     | #1      | 2    | *            | no          | 200    |
      | 50     | #2      | 1    | expires=3600 | no          | 200    |
      | 50     | #2      | 2    | *            | no          | 200    |
      | 50     | #3      | 1    | expires=3600 | no          | 200    |
      | 3550   | #3      | 2    | expires=3600 | no          | 200    |
      | 3550   | #3      | 3    | *            | no          | 200    |
      | 3550   | #4      | 1    | expires=3600 | no          | 200    |
      | 3550   | #4      | 2    | *            | no          | 200    |
      | 3550   | #5      | 1    | expires=3600 | no          | 200    |
      | 3550   | #5      | 2    | *            | no          | 200    |
      | 3550   | #6      | 1    | expires=3600 | no          | 200    |
    And alice is in state REGISTRAR_ERROR_STATE

  @spec-5.2 @D5 @row-2xx-unparsable
  Scenario: A 200 whose Contact does not parse is an INTERNAL_ERROR for a unique binding too
    Bindings cannot be counted when the Contact header does not parse: the 200 on second 50 is an
    INTERNAL_ERROR, as for any record, and no wildcard clean-up is sent.

    Given alice registers to example.org with password wonderland and expiry 300
    And the Contact of alice carries the binding params ';reg-id=1;+sip.instance="<urn:uuid:00000000-0000-1000-8000-00a0c91e6bf6>"'
    And the registrar runs the shipped script "malformed-200"
    When the clock runs to the end of second 50
    Then alice is in state INTERNAL_ERROR_STATE
    And alice sent 1 REGISTER

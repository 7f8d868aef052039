@D28
Feature: Replies that do not belong to our REGISTER are dropped
  The transaction layer gives a reply to the REGISTER whose top Via branch and CSeq method it
  carries (RFC 3261 §17.1.3), as OpenSIPS's TM does. A branch alone does not prove the reply is
  ours: a broken registrar, an ALG or a spoofer can send one with the right branch and another
  Call-ID, From tag, CSeq number or Via. With drop_foreign_replies = 1 (the default) such a reply
  never reaches the state machine (RFC 3261 §8.1.3.3, §18.1.2): it is dropped as if it never
  arrived, counted, and logged at most once a minute per record. The REGISTER then waits for its
  real answer, and without one it times out.

  Here T = 100 and hash_size = 1: alice's first REGISTER goes out on second 50 over UDP. The
  registrar answers it once with a 200 that differs from the REGISTER in one field, and accepts
  everything after that. failure_retry_interval is 300.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And failure_retry_interval is 300
    And alice registers to example.org with password wonderland and expiry 3600

  @row-timeout @row-visit-retry @row-2xx-registered
  Scenario Outline: A 200 with another <field> is dropped: alice times out and registers on her retry
    The only 200 to the REGISTER of second 50 carries <what>. It is dropped: the REGISTER
    times out on second 80 (TO = 80 + 300 - 100 = 280), and the retry of second 350 registers.

    Given the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - raw:
                text: |+
                  SIP/2.0 200 OK
                  Via: <via>
                  From: <from>
                  To: ${to};tag=${to-tag}
                  Call-ID: <call-id>
                  CSeq: <cseq>
                  Contact: ${contact}
                  Content-Length: 0

            - accept: {}
              repeat: forever
      """
    When the clock runs to the end of second 350
    Then the events of alice were:
      | second | event                         |
      | 50     | E_REGISTRANT_REGISTERING      |
      | 80     | E_REGISTRANT_REGISTER_TIMEOUT |
      | 350    | E_REGISTRANT_REGISTERING      |
      | 350    | E_REGISTRANT_REGISTERED       |
    And the engine dropped 1 reply that was not its own
    And the engine warned about alice:
      | code          | message                                                                                                            |
      | foreign_reply | reply 200 dropped: its <field> is not the one of our REGISTER (D28; further drops for this record are not logged for a minute) |

    Examples:
      | field       | what                                   | via                                                | from                                | call-id             | cseq       |
      | Call-ID     | the Call-ID "not-ours"                 | ${via}                                             | ${from}                             | not-ours            | ${cseq}    |
      | From tag    | the From tag "f00d"                    | ${via}                                             | <sip:alice@example.org>;tag=f00d    | ${call-id}          | ${cseq}    |
      | CSeq number | CSeq 7 instead of 1                    | ${via}                                             | ${from}                             | ${call-id}          | 7 REGISTER |
      | Via sent-by | a top Via sent by 10.0.0.9, not us     | SIP/2.0/UDP 10.0.0.9:5060;branch=${branch};rport   | ${from}                             | ${call-id}          | ${cseq}    |
      | Via sent-by | a top Via sent from port 5070, not ours | SIP/2.0/UDP 10.0.0.1:5070;branch=${branch};rport  | ${from}                             | ${call-id}          | ${cseq}    |
      | Via sent-by | a top Via without port over TLS (5061) | SIP/2.0/TLS 10.0.0.1;branch=${branch};rport        | ${from}                             | ${call-id}          | ${cseq}    |

  @row-timeout @row-visit-retry @row-2xx-registered
  Scenario Outline: A 200 with <what> never reaches the REGISTER's transaction
    The transaction layer keys a client transaction by branch and CSeq method, and drops a
    reply with more than one Via (RFC 3261 §8.1.3.3): this 200 is dropped there, whatever
    drop_foreign_replies says, and the REGISTER times out on second 80.

    Given the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - raw:
                text: |+
                  SIP/2.0 200 OK
                  Via: <via>
                  From: ${from}
                  To: ${to};tag=${to-tag}
                  Call-ID: ${call-id}
                  CSeq: <cseq>
                  Contact: ${contact}
                  Content-Length: 0

            - accept: {}
              repeat: forever
      """
    When the clock runs to the end of second 350
    Then the events of alice were:
      | second | event                         |
      | 50     | E_REGISTRANT_REGISTERING      |
      | 80     | E_REGISTRANT_REGISTER_TIMEOUT |
      | 350    | E_REGISTRANT_REGISTERING      |
      | 350    | E_REGISTRANT_REGISTERED       |
    And the engine dropped 0 replies that were not its own

    Examples:
      | what                                  | via                                                | cseq      |
      | the CSeq method OPTIONS               | ${via}                                             | 1 OPTIONS |
      | a second Via that the engine never wrote | ${via}, SIP/2.0/UDP 10.0.0.3:5060;branch=z9hG4bKx | ${cseq}   |

  @row-2xx-registered
  Scenario: A top Via without a port means 5060: the reply is ours
    Given the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - raw:
                text: |+
                  SIP/2.0 200 OK
                  Via: SIP/2.0/UDP 10.0.0.1;branch=${branch};rport
                  From: ${from}
                  To: ${to};tag=${to-tag}
                  Call-ID: ${call-id}
                  CSeq: ${cseq}
                  Contact: ${contact}
                  Content-Length: 0

            - accept: {}
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then alice is in state REGISTERED_STATE
    And the engine dropped 0 replies that were not its own

  @row-2xx-registered
  Scenario: With drop_foreign_replies = 0 a reply is taken on its branch alone, as OpenSIPS does
    The same 200 with the Call-ID "not-ours" registers alice on second 50.

    Given drop_foreign_replies is 0
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - raw:
                text: |+
                  SIP/2.0 200 OK
                  Via: ${via}
                  From: ${from}
                  To: ${to};tag=${to-tag}
                  Call-ID: not-ours
                  CSeq: ${cseq}
                  Contact: ${contact}
                  Content-Length: 0

            - accept: {}
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then the events of alice were:
      | second | event                    |
      | 50     | E_REGISTRANT_REGISTERING |
      | 50     | E_REGISTRANT_REGISTERED  |
    And the engine dropped 0 replies that were not its own
    And the engine gave no warning about alice

@spec-6.3 @spec-6.4 @D9 @D10
Feature: Digest authentication of the REGISTER
  A challenged REGISTER is sent again in the same dialog (CSeq + 1) with the answer to the
  challenge: Authorization for a 401, Proxy-Authorization for a 407. The answer names the
  username and the registrar URI as configured, the challenge's realm and algorithm, and, when
  the challenge offers qop, qop with nc=00000001 for a fresh nonce (D9, §6.3).

  Supported algorithms: MD5, MD5-sess, SHA-256, SHA-256-sess, SHA-512-256, SHA-512-256-sess. Of
  several challenges the first one that can be answered is, wherever the others stand (D9a,
  unknown-algorithm-first.feature). A challenge to an answer is answered once more when its
  nonce is new or it says stale=true; otherwise the credentials are wrong (D10). A password may
  be given as its HA1 (D9). Every refresh starts without credentials.

  The engine starts at second 0 with timer_interval 100 and hash_size 1: alice's bucket (0 of 2)
  is first visited on second 50, so every exchange below happens on second 50. The simulated
  registrar serves the realm example.org and knows alice with the password wonderland; it checks
  every answer against that password unless a scenario says it accepts any answer.

  Background:
    Given timer_interval is 100 and hash_size is 1

  @spec-5.3 @row-visit-register @row-auth-register @row-2xx-registered
  Scenario: A 401 is answered with Authorization
    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar challenges alice with MD5 then accepts
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 50     | 2    | yes         | 200    |
    And alice sent a REGISTER at second 50 with the same Call-ID and CSeq 2
    And the REGISTER of alice at second 50 with CSeq 2 carried Authorization with:
      | parameter | value           |
      | username  | alice           |
      | realm     | example.org     |
      | uri       | sip:example.org |
      | algorithm | MD5             |
      | qop       | auth            |
      | nc        | 00000001        |
    And alice is in state REGISTERED_STATE

  @spec-5.3 @row-auth-register @row-2xx-registered
  Scenario: A 407 from a proxy is answered with Proxy-Authorization
    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar runs the shipped script "407-then-200"
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 407    |
      | 50     | 2    | yes         | 200    |
    And the REGISTER of alice at second 50 with CSeq 2 carried Proxy-Authorization with:
      | parameter | value           |
      | username  | alice           |
      | realm     | example.org     |
      | uri       | sip:example.org |
      | algorithm | MD5             |
    And the events of alice were:
      | second | event                       |
      | 50     | E_REGISTRANT_REGISTERING    |
      | 50     | E_REGISTRANT_AUTHENTICATING |
      | 50     | E_REGISTRANT_REGISTERED     |

  @spec-5.2 @spec-5.3 @D5 @row-auth-no-credentials @row-visit-retry
  Scenario: A challenge to a record without credentials is WRONG_CREDENTIALS at once
    The 401 of second 50 cannot be answered: WRONG_CREDENTIALS on second 50 without a second
    REGISTER, and TO = 50 + 3600 - 100 = 3550 (P = 100) for the retry, in a new dialog.

    Given alice registers to example.org with expiry 3600 and no credentials
    And the registrar challenges alice with MD5 then accepts
    When the clock runs to the end of second 3550
    Then the events of alice were:
      | second | event                          |
      | 50     | E_REGISTRANT_REGISTERING       |
      | 50     | E_REGISTRANT_WRONG_CREDENTIALS |
      | 3550   | E_REGISTRANT_REGISTERING       |
      | 3550   | E_REGISTRANT_WRONG_CREDENTIALS |
    And the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 3550   | 1    | no          | 401    |
    And alice sent a REGISTER at second 3550 with a new Call-ID and CSeq 1
    And alice is in state WRONG_CREDENTIALS_STATE

  @spec-5.3 @D5 @row-auth-no-credentials
  Scenario Outline: A challenge to a record with <what> is WRONG_CREDENTIALS at once
    Digest needs both a username and a password. With only one of them the 401 of second 50
    cannot be answered: WRONG_CREDENTIALS on second 50 without a second REGISTER, and
    TO = 50 + 3600 - 100 = 3550 (P = 100) for the retry.

    Given alice registers to example.org with <record>
    And the record of alice has <change>
    And the registrar challenges alice with MD5 then accepts
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
    And the events of alice were:
      | second | event                          |
      | 50     | E_REGISTRANT_REGISTERING       |
      | 50     | E_REGISTRANT_WRONG_CREDENTIALS |
    And alice is in state WRONG_CREDENTIALS_STATE
    And reg_list shows alice with registration_t_out at second 3550

    Examples:
      | what                       | record                             | change           |
      | a username but no password | expiry 3600 and no credentials     | username "alice" |
      | a password but no username | password wonderland and expiry 3600 | no username      |

  @spec-5.3 @row-auth-register @row-auth-register-new-challenge @row-2xx-registered
  Scenario: A stale nonce gets one more authenticated REGISTER and registers
    The answer to the first 401 is challenged again with stale=true and a new nonce: D10 sends
    one more answer (CSeq 3, nc back to 00000001) and raises AUTHENTICATING again; it is accepted.

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar runs the shipped script "stale-nonce"
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 50     | 2    | yes         | 401    |
      | 50     | 3    | yes         | 200    |
    And alice sent a REGISTER at second 50 with the same Call-ID and CSeq 3
    And the REGISTER of alice at second 50 with CSeq 3 carried Authorization with:
      | parameter | value    |
      | nc        | 00000001 |
    And the events of alice were:
      | second | event                       |
      | 50     | E_REGISTRANT_REGISTERING    |
      | 50     | E_REGISTRANT_AUTHENTICATING |
      | 50     | E_REGISTRANT_AUTHENTICATING |
      | 50     | E_REGISTRANT_REGISTERED     |
    And alice is in state REGISTERED_STATE
    And the registrar has 1 binding for alice

  @row-auth-register @row-2xx-registered
  Scenario Outline: A <algorithm> challenge is answered with <algorithm>
    The registrar offers one challenge with the <algorithm> algorithm and qop auth, and checks
    the answer against alice's password: the 200 shows the answer was computed right. A -sess
    algorithm folds the nonce and our cnonce into HA1 (RFC 7616 §3.4.2).

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar challenges alice with <algorithm> then accepts
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 50     | 2    | yes         | 200    |
    And the REGISTER of alice at second 50 with CSeq 2 carried Authorization with:
      | parameter | value       |
      | algorithm | <algorithm> |
      | qop       | auth        |
      | nc        | 00000001    |
    And alice is in state REGISTERED_STATE

    Examples:
      | algorithm        |
      | MD5              |
      | MD5-sess         |
      | SHA-256          |
      | SHA-256-sess     |
      | SHA-512-256      |
      | SHA-512-256-sess |

  @row-auth-register @row-2xx-registered
  Scenario Outline: qop: auth is preferred, auth-int is used when it is the only one, none gives the RFC 2069 form (offered: <offered>)
    The registrar offers MD5 with qop <offered> and checks the answer. auth-int hashes our own
    REGISTER's body, which is empty (D9). Without qop the answer has neither qop nor nc.

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar runs this script:
      """
      defaults:
        algorithms: [MD5]
        qop: <offered>
      rules:
        - for: sip:alice@example.org
          when: { kind: authenticated }
          steps:
            - default: true
              repeat: forever
        - for: sip:alice@example.org
          steps:
            - challenge: {}
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 50     | 2    | yes         | 200    |
    And the REGISTER of alice at second 50 with CSeq 2 carried Authorization with:
      | parameter | value |
      | qop       | <qop> |
      | nc        | <nc>  |

    Examples:
      | offered          | qop      | nc       |
      | [auth]           | auth     | 00000001 |
      | [auth-int]       | auth-int | 00000001 |
      | [auth-int, auth] | auth     | 00000001 |
      | []               | absent   | absent   |

  @D5 @D9a @row-auth-unusable-challenge
  Scenario Outline: A challenge that cannot be answered is an internal error (<why>)
    The only challenge in the 401 is one D9 cannot answer, so no answer is sent: INTERNAL_ERROR
    on second 50, and the retry waits for TO = 50 + 3600 - 100 = 3550 (D5, P = 100).

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond:
                code: 401
                headers:
                  WWW-Authenticate: '<challenge>'
              repeat: forever
      """
    When the clock runs to the end of second 3550
    Then the events of alice were:
      | second | event                       |
      | 50     | E_REGISTRANT_REGISTERING    |
      | 50     | E_REGISTRANT_INTERNAL_ERROR |
      | 3550   | E_REGISTRANT_REGISTERING    |
      | 3550   | E_REGISTRANT_INTERNAL_ERROR |
    And the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 3550   | 1    | no          | 401    |
    And alice is in state INTERNAL_ERROR_STATE

    Examples:
      | why                                                       | challenge                                                             |
      | an algorithm we do not know                               | Digest realm="example.org", nonce="n1", algorithm=SHA-512, qop="auth" |
      | a -sess algorithm without qop (no cnonce allowed, Q16)    | Digest realm="example.org", nonce="n1", algorithm=MD5-sess            |
      | SHA-256-sess without qop                                  | Digest realm="example.org", nonce="n1", algorithm=SHA-256-sess        |

  @row-auth-register @row-auth-register-rejected
  Scenario: The same nonce again, without stale: WRONG_CREDENTIALS after two challenges
    The registrar challenges the answer with the nonce it was given and no stale=true: the
    credentials are wrong (D10). WRONG_CREDENTIALS on second 50 after two REGISTERs (a registrar
    that sends a fresh nonce each time gets a third answer, see "Retrying after a failed
    registration").

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond:
                code: 401
                headers:
                  WWW-Authenticate: 'Digest realm="example.org", nonce="nonce-1", algorithm=MD5, qop="auth"'
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 50     | 2    | yes         | 401    |
    And the events of alice were:
      | second | event                          |
      | 50     | E_REGISTRANT_REGISTERING       |
      | 50     | E_REGISTRANT_AUTHENTICATING    |
      | 50     | E_REGISTRANT_WRONG_CREDENTIALS |
    And alice is in state WRONG_CREDENTIALS_STATE

  @row-auth-register @row-auth-register-new-challenge @row-2xx-registered
  Scenario Outline: A second challenge <second> gets one more answer, with nc back to 00000001
    The first REGISTER is challenged with nonce-1 and answered. The answer is challenged again,
    <second>: D10 sends one more answer to the new challenge (CSeq 3), which the registrar accepts.

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          when: { kind: authenticated }
          steps:
            - respond:
                code: 401
                headers:
                  WWW-Authenticate: '<challenge>'
            - accept: {}
              repeat: forever
        - for: sip:alice@example.org
          steps:
            - respond:
                code: 401
                headers:
                  WWW-Authenticate: 'Digest realm="example.org", nonce="nonce-1", algorithm=MD5, qop="auth"'
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 50     | 2    | yes         | 401    |
      | 50     | 3    | yes         | 200    |
    And the REGISTER of alice at second 50 with CSeq 3 carried Authorization with:
      | parameter | value    |
      | nonce     | <nonce>  |
      | nc        | 00000001 |
    And the events of alice were:
      | second | event                       |
      | 50     | E_REGISTRANT_REGISTERING    |
      | 50     | E_REGISTRANT_AUTHENTICATING |
      | 50     | E_REGISTRANT_AUTHENTICATING |
      | 50     | E_REGISTRANT_REGISTERED     |
    And alice is in state REGISTERED_STATE

    Examples:
      | second                                     | nonce   | challenge                                                                           |
      | with a new nonce and no stale              | nonce-2 | Digest realm="example.org", nonce="nonce-2", algorithm=MD5, qop="auth"              |
      | with the same nonce and stale=true         | nonce-1 | Digest realm="example.org", nonce="nonce-1", algorithm=MD5, qop="auth", stale=true  |

  @spec-8 @D11 @row-disable-unregister @row-auth-unregister @row-auth-unregister-new-challenge @row-2xx-unregistered
  Scenario: A stale nonce on the authenticated unREGISTER gets one more answer
    alice registers on second 50 and is disabled on second 60. Her unREGISTER is challenged,
    answered, and challenged again as stale: D10 answers once more and AUTHENTICATING_UNREGISTER
    is raised again; the 200 leaves her NOT_REGISTERED.

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          when: { kind: authenticated }
          steps:
            - accept: {}
            - respond:
                code: 401
                headers:
                  WWW-Authenticate: 'Digest realm="example.org", nonce="nonce-1", algorithm=MD5, qop="auth", stale=true'
            - accept: {}
              repeat: forever
        - for: sip:alice@example.org
          steps:
            - respond:
                code: 401
                headers:
                  WWW-Authenticate: 'Digest realm="example.org", nonce="nonce-1", algorithm=MD5, qop="auth"'
              repeat: forever
      """
    When 60 seconds pass
    And the operator disables alice
    And the clock runs to the end of second 60
    Then the REGISTER transactions of alice were:
      | second | CSeq | contact      | credentials | answer |
      | 50     | 1    | expires=3600 | no          | 401    |
      | 50     | 2    | expires=3600 | yes         | 200    |
      | 60     | 3    | expires=0    | no          | 401    |
      | 60     | 4    | expires=0    | yes         | 401    |
      | 60     | 5    | expires=0    | yes         | 200    |
    And the events of alice were:
      | second | event                                  |
      | 50     | E_REGISTRANT_REGISTERING               |
      | 50     | E_REGISTRANT_AUTHENTICATING            |
      | 50     | E_REGISTRANT_REGISTERED                |
      | 60     | E_REGISTRANT_UNREGISTERING             |
      | 60     | E_REGISTRANT_AUTHENTICATING_UNREGISTER |
      | 60     | E_REGISTRANT_AUTHENTICATING_UNREGISTER |
    And alice is in state NOT_REGISTERED_STATE

  @spec-8 @row-disable-unregister @row-auth-unregister @row-auth-unregister-rejected
  Scenario: The same nonce again on the authenticated unREGISTER: WRONG_CREDENTIALS
    As for a REGISTER, a second challenge with the nonce just answered and no stale=true means
    the credentials are wrong (D10).

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          when: { kind: authenticated }
          steps:
            - accept: {}
            - respond:
                code: 401
                headers:
                  WWW-Authenticate: 'Digest realm="example.org", nonce="nonce-1", algorithm=MD5, qop="auth"'
              repeat: forever
        - for: sip:alice@example.org
          steps:
            - respond:
                code: 401
                headers:
                  WWW-Authenticate: 'Digest realm="example.org", nonce="nonce-1", algorithm=MD5, qop="auth"'
              repeat: forever
      """
    When 60 seconds pass
    And the operator disables alice
    And the clock runs to the end of second 60
    Then the REGISTER transactions of alice were:
      | second | CSeq | contact      | credentials | answer |
      | 50     | 1    | expires=3600 | no          | 401    |
      | 50     | 2    | expires=3600 | yes         | 200    |
      | 60     | 3    | expires=0    | no          | 401    |
      | 60     | 4    | expires=0    | yes         | 401    |
    And the events of alice were:
      | second | event                                  |
      | 50     | E_REGISTRANT_REGISTERING               |
      | 50     | E_REGISTRANT_AUTHENTICATING            |
      | 50     | E_REGISTRANT_REGISTERED                |
      | 60     | E_REGISTRANT_UNREGISTERING             |
      | 60     | E_REGISTRANT_AUTHENTICATING_UNREGISTER |
      | 60     | E_REGISTRANT_WRONG_CREDENTIALS         |
    And alice is in state WRONG_CREDENTIALS_STATE

  @D16 @row-auth-register
  Scenario Outline: A password written as 0x and an HA1 of the right length is used as the HA1 (<algorithm>, <kind>)
    D9: a password "0x" followed by as many lowercase hex digits as the challenged algorithm's
    hash (32 for MD5, 64 for SHA-256 and SHA-512-256) is H(username:realm:password), computed
    ahead of time; here of alice:example.org:wonderland. Any other password is used as written,
    so the registrar, which knows alice's password wonderland, refuses the answer with 403. The
    HA1 is a secret too: it never shows (D16).

    Given alice registers to example.org with password <password> and expiry 3600
    And the registrar challenges alice with <algorithm> then accepts
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer   |
      | 50     | 1    | no          | 401      |
      | 50     | 2    | yes         | <answer> |
    And alice is in state <state>
    And the password <password> shows in no event, status report or reg_list output

    @row-2xx-registered
    Examples: An HA1 that fits the algorithm
      | algorithm   | kind                   | password                                                           | answer | state            |
      | MD5         | MD5 HA1                | 0x72f86f2053703faa0f521ce71cfe6f59                                 | 200    | REGISTERED_STATE |
      | MD5-sess    | MD5 HA1                | 0x72f86f2053703faa0f521ce71cfe6f59                                 | 200    | REGISTERED_STATE |
      | SHA-256     | SHA-256 HA1            | 0xf0c3ae808cef897043f79de49549776f1f58cb7c5364e03ab40abac620459848 | 200    | REGISTERED_STATE |
      | SHA-512-256 | SHA-512-256 HA1        | 0x52ac102973c0a18fde2ae49bf754f079ddd48b85c6d51db1fec750f48652f04e | 200    | REGISTERED_STATE |

    @row-registrar-error
    Examples: Anything else is a password, used literally
      | algorithm   | kind                   | password                                                           | answer | state                 |
      | SHA-256     | MD5 HA1 (too short)    | 0x72f86f2053703faa0f521ce71cfe6f59                                 | 403    | REGISTRAR_ERROR_STATE |
      | MD5         | SHA-256 HA1 (too long) | 0xf0c3ae808cef897043f79de49549776f1f58cb7c5364e03ab40abac620459848 | 403    | REGISTRAR_ERROR_STATE |
      | MD5         | MD5 HA1 in uppercase   | 0x72F86F2053703FAA0F521CE71CFE6F59                                 | 403    | REGISTRAR_ERROR_STATE |

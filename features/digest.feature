@spec-6.3 @spec-6.4 @D9 @D10
Feature: Digest authentication of the REGISTER
  A challenged REGISTER is sent again in the same dialog (CSeq + 1) with the answer to the
  challenge: Authorization for a 401, Proxy-Authorization for a 407. The answer names the
  username and the registrar URI as configured, the challenge's realm and algorithm, and, when
  the challenge offers qop, qop with nc=00000001 for a fresh nonce (D9, §6.3).

  The engine starts at second 0 with timer_interval 100 and hash_size 1: alice's bucket (0 of 2)
  is first visited on second 50, so every exchange below happens on second 50. The simulated
  registrar serves the realm example.org and knows alice with the password wonderland; it checks
  every answer against that password unless a scenario says it accepts any answer.

  Background:
    Given timer_interval is 100 and hash_size is 1

  @spec-5.3 @row-auth-register @row-2xx-registered
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

  @spec-5.3
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

  Scenario: A SHA-256 challenge is answered with SHA-256
    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar challenges alice with SHA-256 then accepts
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 50     | 2    | yes         | 200    |
    And the REGISTER of alice at second 50 with CSeq 2 carried Authorization with:
      | parameter | value   |
      | algorithm | SHA-256 |
      | qop       | auth    |
    And alice is in state REGISTERED_STATE

  Scenario: Of several challenges, the first with a supported algorithm is answered
    The 401 carries three WWW-Authenticate headers: SHA-512 (not a digest algorithm we support:
    only SHA-512-256 is), then SHA-256, then MD5. D9 skips the unknown one and answers the first
    supported one, SHA-256, with its nonce (OpenSIPS would stop at the unknown one, §6.4; D9
    wins). This registrar accepts any answer: only the choice is checked here.

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          when: { kind: authenticated }
          steps:
            - accept: {}
              repeat: forever
        - for: sip:alice@example.org
          steps:
            - respond:
                code: 401
                headers:
                  WWW-Authenticate:
                    - 'Digest realm="example.org", nonce="nonce-sha-512", algorithm=SHA-512, qop="auth"'
                    - 'Digest realm="example.org", nonce="nonce-sha-256", algorithm=SHA-256, qop="auth"'
                    - 'Digest realm="example.org", nonce="nonce-md5", algorithm=MD5, qop="auth"'
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 50     | 2    | yes         | 200    |
    And the REGISTER of alice at second 50 with CSeq 2 carried Authorization with:
      | parameter | value         |
      | algorithm | SHA-256       |
      | nonce     | nonce-sha-256 |
      | qop       | auth          |
    And alice is in state REGISTERED_STATE

  Scenario: A challenge that offers only qop auth-int is answered with auth-int
    D9: auth-int hashes our own REGISTER's body, which is empty; the registrar checks the answer.

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar challenges alice with MD5 and qop auth-int then accepts
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 50     | 2    | yes         | 200    |
    And the REGISTER of alice at second 50 with CSeq 2 carried Authorization with:
      | parameter | value    |
      | algorithm | MD5      |
      | qop       | auth-int |
      | nc        | 00000001 |
    And alice is in state REGISTERED_STATE

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

  @spec-5.3 @row-auth-register-new-challenge
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

@D9a @D9 @spec-6.4
Feature: A challenge we cannot answer is skipped wherever it stands, and the first one we can is answered
  A registrar may offer several digest challenges in one 401 (several WWW-Authenticate headers)
  or 407 (several Proxy-Authenticate headers), the strongest first. uacreg answers the first one,
  in message order, whose algorithm it supports: MD5, MD5-sess, SHA-256, SHA-256-sess,
  SHA-512-256 and SHA-512-256-sess. A challenge naming any other algorithm (SHA-512, AKAv1-MD5,
  a token nobody registered), and a -sess one without qop (its HA1 needs a cnonce, which only
  exists with qop), is skipped, wherever it stands (D9a). OpenSIPS stops reading at the first
  unknown algorithm (§6.4) and so would send no answer at all to the 401s below; D9a decides
  for RFC 7616 §3.7. When no challenge can be answered the record goes to INTERNAL_ERROR
  (digest.feature, "A challenge that cannot be answered").

  The engine starts at second 0 with timer_interval 100 and hash_size 1: alice's bucket is first
  visited on second 50, so every exchange below happens on second 50. alice's password is
  wonderland, her realm example.org. The registrar accepts any answer to its challenge: the
  scenarios check which challenge was answered and that the answer is right for that challenge.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And alice registers to example.org with password wonderland and expiry 3600

  @row-auth-register @row-2xx-registered
  Scenario Outline: A 401 whose first challenge cannot be answered (<first>) is answered with the next one
    The 401 carries two WWW-Authenticate headers: first <first>, then SHA-256 with qop auth.
    alice answers the SHA-256 one, with its nonce, and registers.

    Given the registrar runs this script:
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
                    - '<challenge>'
                    - 'Digest realm="example.org", nonce="nonce-sha-256", algorithm=SHA-256, qop="auth"'
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
    And the answer in the REGISTER of alice at second 50 with CSeq 2 is right for the password wonderland
    And alice is in state REGISTERED_STATE

    Examples:
      | first                                  | challenge                                                                         |
      | SHA-512, an algorithm we do not know   | Digest realm="example.org", nonce="nonce-first", algorithm=SHA-512, qop="auth"    |
      | AKAv1-MD5, which needs an AKA exchange | Digest realm="example.org", nonce="nonce-first", algorithm=AKAv1-MD5, qop="auth"  |
      | a token nobody registered              | Digest realm="example.org", nonce="nonce-first", algorithm=X-NEW-HASH, qop="auth" |
      | MD5-sess without qop                   | Digest realm="example.org", nonce="nonce-first", algorithm=MD5-sess               |
      | SHA-256-sess without qop               | Digest realm="example.org", nonce="nonce-first", algorithm=SHA-256-sess           |

  @row-auth-register @row-2xx-registered
  Scenario: Skipped wherever they stand: the first supported one is answered, not the strongest
    The 401 carries five WWW-Authenticate headers: SHA-512, MD5-sess without qop, AKAv1-MD5, MD5
    with qop auth, then SHA-512-256. alice skips the first three and answers MD5, the first she
    supports, although SHA-512-256 comes after it.

    Given the registrar runs this script:
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
                    - 'Digest realm="example.org", nonce="nonce-md5-sess", algorithm=MD5-sess'
                    - 'Digest realm="example.org", nonce="nonce-aka", algorithm=AKAv1-MD5, qop="auth"'
                    - 'Digest realm="example.org", nonce="nonce-md5", algorithm=MD5, qop="auth"'
                    - 'Digest realm="example.org", nonce="nonce-sha-512-256", algorithm=SHA-512-256, qop="auth"'
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then the REGISTER of alice at second 50 with CSeq 2 carried Authorization with:
      | parameter | value     |
      | algorithm | MD5       |
      | nonce     | nonce-md5 |
      | qop       | auth      |
    And the answer in the REGISTER of alice at second 50 with CSeq 2 is right for the password wonderland
    And alice is in state REGISTERED_STATE

  @row-auth-register @row-2xx-registered
  Scenario: Two challenges in one header line, the unknown one first
    RFC 3261 allows several challenges in one WWW-Authenticate header, separated by commas. The
    first names SHA-512, the second MD5: alice answers the MD5 one.

    Given the registrar runs this script:
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
                  WWW-Authenticate: 'Digest realm="example.org", nonce="nonce-sha-512", algorithm=SHA-512, qop="auth", Digest realm="example.org", nonce="nonce-md5", algorithm=MD5, qop="auth"'
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then the REGISTER of alice at second 50 with CSeq 2 carried Authorization with:
      | parameter | value     |
      | algorithm | MD5       |
      | nonce     | nonce-md5 |
    And the answer in the REGISTER of alice at second 50 with CSeq 2 is right for the password wonderland
    And alice is in state REGISTERED_STATE

  @spec-6.3 @row-auth-register @row-2xx-registered
  Scenario: A 407 whose first Proxy-Authenticate names an unknown algorithm is answered with the next one
    A proxy challenges with 407: first SHA-512, then MD5 without qop (the RFC 2069 form).
    alice answers the MD5 one in Proxy-Authorization.

    Given the registrar runs this script:
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
                code: 407
                headers:
                  Proxy-Authenticate:
                    - 'Digest realm="example.org", nonce="nonce-sha-512", algorithm=SHA-512, qop="auth"'
                    - 'Digest realm="example.org", nonce="nonce-md5", algorithm=MD5'
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 407    |
      | 50     | 2    | yes         | 200    |
    And the REGISTER of alice at second 50 with CSeq 2 carried Proxy-Authorization with:
      | parameter | value     |
      | algorithm | MD5       |
      | nonce     | nonce-md5 |
      | qop       | absent    |
    And the answer in the REGISTER of alice at second 50 with CSeq 2 is right for the password wonderland
    And alice is in state REGISTERED_STATE

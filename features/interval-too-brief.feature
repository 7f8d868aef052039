@spec-4.4 @D7
Feature: 423 Interval Too Brief
  A registrar that finds the asked expiry too short answers 423 with the shortest it accepts in
  Min-Expires. When Min-Expires is 5 or more the registrant asks for that at once, in the same
  dialog (same Call-ID, CSeq + 1), and keeps asking for it in every later REGISTER of the record.
  The 423 does not change E, the expiry the retry time is computed from. A 423 without a usable
  Min-Expires is a REGISTRAR_ERROR, and so is the 4th 423 in a row (D7).

  The engine starts at second 0 with timer_interval 100 and hash_size 1: alice's bucket (0 of 2)
  is visited on seconds 50, 150, 250 and so on. alice asks for 1800 seconds and needs no
  credentials; P = 100, so without failure_retry_interval an error is retried
  1800 - 100 seconds later (D5). In the tables, Call-ID #1, #2 name the dialogs in the order they
  appeared, and the contact column shows the expiry the REGISTER asked for.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And alice registers to example.org with expiry 1800 and no credentials

  @spec-5.4 @row-423-retry @row-2xx-registered @row-visit-refresh
  Scenario: Min-Expires 3600: asked again at once, registered, and refreshed asking 3600
    The 200 grants the 3600 seconds asked: TO = 50 + 3600 - 100 = 3550.

    Given the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond:
                code: 423
                headers: { Min-Expires: 3600 }
            - accept: {}
              repeat: forever
      """
    When the clock runs to the end of second 3550
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=1800 | no          | 423    |
      | 50     | #1      | 2    | expires=3600 | no          | 200    |
      | 3550   | #1      | 3    | expires=3600 | no          | 200    |
    And the events of alice were:
      | second | event                    |
      | 50     | E_REGISTRANT_REGISTERING |
      | 50     | E_REGISTRANT_REGISTERING |
      | 50     | E_REGISTRANT_REGISTERED  |
      | 3550   | E_REGISTRANT_REGISTERING |
      | 3550   | E_REGISTRANT_REGISTERED  |
    And alice is in state REGISTERED_STATE

  @spec-4.1 @row-423-retry @row-2xx-registered @row-visit-refresh
  Scenario: The asked expiry stays 3600 even when the registrar grants less
    The 200 grants only 1800 seconds: E = 1800 and TO = 50 + 1800 - 100 = 1750, but the refresh
    still asks for the 3600 seconds the 423 demanded (§4.1: a 200 does not change what is asked).

    Given the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond:
                code: 423
                headers: { Min-Expires: 3600 }
            - accept: { grant: 1800 }
              repeat: forever
      """
    When the clock runs to the end of second 1750
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=1800 | no          | 423    |
      | 50     | #1      | 2    | expires=3600 | no          | 200    |
      | 1750   | #1      | 3    | expires=3600 | no          | 200    |

  @spec-4.1 @row-423-retry @row-2xx-registered @row-visit-refresh
  Scenario: Min-Expires 5, the smallest usable, is asked for at once
    5 seconds is the floor (D7), even below timer_interval. The 200 grants the 5 seconds asked:
    TO = 50 + 5 - 100 = -45, already past, so every visit refreshes, asking for 5 seconds again,
    and every such grant logs a warning that the grant is not above timer_interval.

    Given the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond:
                code: 423
                headers: { Min-Expires: 5 }
            - accept: {}
              repeat: forever
      """
    When the clock runs to the end of second 150
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=1800 | no          | 423    |
      | 50     | #1      | 2    | expires=5    | no          | 200    |
      | 150    | #1      | 3    | expires=5    | no          | 200    |
    And the engine warned about alice:
      | code                 | message                                                                                                       |
      | granted_expiry_short | granted expiry 5 s is not above timer_interval 100 s: refreshing at every visit; use a smaller timer_interval |
      | granted_expiry_short | granted expiry 5 s is not above timer_interval 100 s: refreshing at every visit; use a smaller timer_interval |

  @spec-5.2 @D5 @row-423-unusable @row-visit-retry
  Scenario Outline: A 423 <without> is a registrar error
    The error on second 50 sets TO = 50 + 1800 - 100 = 1750: the retry goes out then, in a new
    dialog, still asking for 1800 seconds.

    Given the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond: <answer>
              repeat: forever
      """
    When the clock runs to the end of second 1750
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=1800 | no          | 423    |
      | 1750   | #2      | 1    | expires=1800 | no          | 423    |
    And the events of alice were:
      | second | event                        |
      | 50     | E_REGISTRANT_REGISTERING     |
      | 50     | E_REGISTRANT_REGISTRAR_ERROR |
      | 1750   | E_REGISTRANT_REGISTERING     |
      | 1750   | E_REGISTRANT_REGISTRAR_ERROR |
    And alice is in state REGISTRAR_ERROR_STATE

    Examples:
      | without                                | answer                                        |
      | without Min-Expires                    | { code: 423 }                                 |
      | with Min-Expires 4 (< 5)               | { code: 423, headers: { Min-Expires: 4 } }    |
      | with a Min-Expires that does not parse | { code: 423, headers: { Min-Expires: soon } } |

  @spec-5.2 @D5 @row-423-retry @row-423-loop @row-visit-retry
  Scenario: Four 423 in a row: three immediate retries, then REGISTRAR_ERROR
    OpenSIPS asks again after every 423 (Q12); D7 stops after three immediate retries. The 423s
    do not change E = 1800: TO = 50 + 1800 - 100 = 1750. The retry then starts a new dialog, which
    resets the count, and still asks for the 3600 seconds of the last Min-Expires.

    Given the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond:
                code: 423
                headers: { Min-Expires: 3600 }
              repeat: forever
      """
    When the clock runs to the end of second 1750
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=1800 | no          | 423    |
      | 50     | #1      | 2    | expires=3600 | no          | 423    |
      | 50     | #1      | 3    | expires=3600 | no          | 423    |
      | 50     | #1      | 4    | expires=3600 | no          | 423    |
      | 1750   | #2      | 1    | expires=3600 | no          | 423    |
      | 1750   | #2      | 2    | expires=3600 | no          | 423    |
      | 1750   | #2      | 3    | expires=3600 | no          | 423    |
      | 1750   | #2      | 4    | expires=3600 | no          | 423    |
    And the events of alice were:
      | second | event                        |
      | 50     | E_REGISTRANT_REGISTERING     |
      | 50     | E_REGISTRANT_REGISTERING     |
      | 50     | E_REGISTRANT_REGISTERING     |
      | 50     | E_REGISTRANT_REGISTERING     |
      | 50     | E_REGISTRANT_REGISTRAR_ERROR |
      | 1750   | E_REGISTRANT_REGISTERING     |
      | 1750   | E_REGISTRANT_REGISTERING     |
      | 1750   | E_REGISTRANT_REGISTERING     |
      | 1750   | E_REGISTRANT_REGISTERING     |
      | 1750   | E_REGISTRANT_REGISTRAR_ERROR |
    And alice is in state REGISTRAR_ERROR_STATE

  @spec-8 @D5 @row-disable-unregister @row-423-unregister @row-visit-retry-disabled @row-2xx-unregistered
  Scenario: A 423 to an unREGISTER is a registrar error, and the unREGISTER is retried at TO
    alice registers on second 50 and is disabled on second 60. A 423 makes no sense for an
    unREGISTER (it asks for 0 seconds): OpenSIPS would answer it with a REGISTER (Q13), D7 makes it
    a REGISTRAR_ERROR with TO = 60 + 1800 - 100 = 1760. The first visit after that, on second
    1850, finds her still disabled and sends the unREGISTER again, in the same dialog.

    Given the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          when: { kind: unregister }
          steps:
            - respond:
                code: 423
                headers: { Min-Expires: 3600 }
            - accept: {}
              repeat: forever
        - for: sip:alice@example.org
          steps:
            - accept: {}
              repeat: forever
      """
    When 60 seconds pass
    And the operator disables alice
    And the clock runs to the end of second 1850
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=1800 | no          | 200    |
      | 60     | #1      | 2    | expires=0    | no          | 423    |
      | 1850   | #1      | 3    | expires=0    | no          | 200    |
    And the events of alice were:
      | second | event                        |
      | 50     | E_REGISTRANT_REGISTERING     |
      | 50     | E_REGISTRANT_REGISTERED      |
      | 60     | E_REGISTRANT_UNREGISTERING   |
      | 60     | E_REGISTRANT_REGISTRAR_ERROR |
      | 1850   | E_REGISTRANT_UNREGISTERING   |
    And alice is in state NOT_REGISTERED_STATE

  @spec-5.4 @row-423-retry @row-2xx-registered @row-visit-refresh
  Scenario: A 200 between them resets the count: two 423s at each refresh never reach the limit
    Any answer other than a 423 resets the count of 423s in a row (D7). alice meets two 423s
    before each 200: on second 50, then again at her refresh. Were the count kept across the 200,
    the 2nd 423 of the refresh would be the 4th in a row, a REGISTRAR_ERROR. The 200 grants the
    3600 seconds asked: TO = 50 + 3600 - 100 = 3550.

    Given the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond: { code: 423, headers: { Min-Expires: 3000 } }
            - respond: { code: 423, headers: { Min-Expires: 3600 } }
            - accept: {}
            - respond: { code: 423, headers: { Min-Expires: 3600 } }
            - respond: { code: 423, headers: { Min-Expires: 3600 } }
            - accept: {}
              repeat: forever
      """
    When the clock runs to the end of second 3550
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=1800 | no          | 423    |
      | 50     | #1      | 2    | expires=3000 | no          | 423    |
      | 50     | #1      | 3    | expires=3600 | no          | 200    |
      | 3550   | #1      | 4    | expires=3600 | no          | 423    |
      | 3550   | #1      | 5    | expires=3600 | no          | 423    |
      | 3550   | #1      | 6    | expires=3600 | no          | 200    |
    And alice is in state REGISTERED_STATE

@spec-2.1 @spec-4.1 @D1 @D27
Feature: The expiry asked for and the expiry granted
  Each record asks for its configured expiry (W) in the Contact's expires parameter; an empty
  expiry asks for default_expires, and an expiry of timer_interval or less is refused when the
  table is loaded, naming the field (D2). The registrar's 200 then sets E, the expiry the next
  refresh is timed from, in this order (§4.1, D6, D17):

    1. our contact's expires parameter, when our contact is listed and the value is all digits
       (expires=0 there means the registrar removed our binding: a REGISTRAR_ERROR);
    2. else the Expires header;
    3. else E stays what it was (the configured expiry at first).

  Any 2xx counts as a 200 (D6). W never changes with what is granted: every REGISTER asks for
  the configured expiry again. A grant of timer_interval seconds or less cannot be refreshed in
  time: every visit refreshes it, and the engine logs a warning each time (G8).

  The engine starts at second 0 with timer_interval 100, hash_size 1 and P = 100: alice's bucket
  (0 of 2) is visited on seconds 50, 150, 250 and so on, bob's (1 of 2) on seconds 100, 200 and
  so on. alice's contact is sip:alice@10.0.0.1:5060. After a 200 on second 50 that leaves E, the
  refresh is due at TO = 50 + E - 100 (D1).

  Background:
    Given timer_interval is 100 and hash_size is 1
    And reregister_expiry_percentage is 100

  @D2 @row-visit-register @row-2xx-registered
  Scenario: An empty expiry asks for default_expires, 3600 when not set
    Given alice registers to example.org with password wonderland and no expiry
    And the registrar accepts everyone
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | CSeq | contact      | credentials | answer |
      | 50     | 1    | expires=3600 | no          | 200    |
    And reg_list shows alice with expires 3600

  @D2 @row-visit-register @row-2xx-registered @row-visit-refresh
  Scenario: An empty expiry asks for default_expires when it is set
    default_expires = 1800: alice asks for 1800 s and is refreshed at TO = 50 + 1800 - 100 = 1750.

    Given default_expires is 1800
    And alice registers to example.org with password wonderland and no expiry
    And the registrar accepts everyone
    When the clock runs to the end of second 1750
    Then the REGISTER transactions of alice were:
      | second | CSeq | contact      | credentials | answer |
      | 50     | 1    | expires=1800 | no          | 200    |
      | 1750   | 2    | expires=1800 | no          | 200    |

  @D2 @spec-13
  Scenario Outline: An expiry of timer_interval or less is refused, naming the field (<case>)
    The bad row is refused alone: bob, on the next row, registers on second 100 as usual.

    Given default_expires is <default_expires>
    And alice registers to example.org with password wonderland and <expiry>
    And bob registers to example.org with password rosebud and expiry 3600
    And the registrar accepts everyone
    When the engine loads the table
    Then the load refused the row of alice, naming expiry because it "<reason>"
    When the clock runs to the end of second 100
    Then alice sent 0 REGISTERs
    And bob sent a REGISTER at second 100 with CSeq 1

    Examples:
      | case                           | default_expires | expiry      | reason                                                                        |
      | equal to timer_interval        | 3600            | expiry 100  | 100 must be greater than timer_interval 100                                   |
      | below timer_interval           | 3600            | expiry 20   | 20 must be greater than timer_interval 100                                    |
      | empty, default_expires too low | 60              | no expiry   | 60 (default_expires, used for an empty expiry) must be greater than timer_interval 100 |

  @D2 @row-2xx-registered @row-visit-refresh
  Scenario: An expiry just above timer_interval is accepted
    101 s are asked and granted on second 50: TO = 50 + 101 - 100 = 51, so the next visit, on
    second 150, refreshes. A grant of 101 s is above timer_interval: no warning.

    Given alice registers to example.org with password wonderland and expiry 101
    And the registrar accepts everyone
    When the engine loads the table
    Then the load refused no row
    When the clock runs to the end of second 150
    Then the REGISTER transactions of alice were:
      | second | CSeq | contact     | credentials | answer |
      | 50     | 1    | expires=101 | no          | 200    |
      | 150    | 2    | expires=101 | no          | 200    |
    And the engine gave no warning about alice

  @row-visit-register @row-2xx-registered @row-visit-refresh
  Scenario Outline: A grant of timer_interval seconds or less (<granted> s) is refreshed at every visit, with a warning
    alice asks for 3600 s but the registrar grants only <granted> on second 50:
    TO = 50 + <granted> - 100 = <TO>, already past, so the next visit (second 150) refreshes, and
    so does every visit after it. The binding may lapse between two visits, so every such grant
    logs a warning telling the operator to lower timer_interval (G8). A grant of 101 s, one above
    timer_interval, gives no warning (previous scenario).

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar accepts alice granting <granted> seconds
    When the clock runs to the end of second 150
    Then the REGISTER transactions of alice were:
      | second | CSeq | contact      | credentials | answer |
      | 50     | 1    | expires=3600 | no          | 200    |
      | 150    | 2    | expires=3600 | no          | 200    |
    And reg_list shows alice with expires <granted>
    And the engine warned about alice:
      | code                 | message                                                                                                               |
      | granted_expiry_short | granted expiry <granted> s is not above timer_interval 100 s: refreshing at every visit; use a smaller timer_interval |
      | granted_expiry_short | granted expiry <granted> s is not above timer_interval 100 s: refreshing at every visit; use a smaller timer_interval |

    Examples:
      | granted | TO |
      | 100     | 50 |
      | 60      | 10 |

  @D6 @row-2xx-registered @row-visit-refresh
  Scenario Outline: Any 2xx registers (<code>)
    OpenSIPS takes only 200 as success (Q10); D6 takes every 2xx. The answer lists alice's
    contact with expires=1800: E = 1800, TO = 50 + 1800 - 100 = 1750.

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond:
                code: <code>
                headers:
                  Contact: '<sip:alice@10.0.0.1:5060>;expires=1800'
              repeat: forever
      """
    When the clock runs to the end of second 1750
    Then the events of alice were:
      | second | event                    |
      | 50     | E_REGISTRANT_REGISTERING |
      | 50     | E_REGISTRANT_REGISTERED  |
      | 1750   | E_REGISTRANT_REGISTERING |
      | 1750   | E_REGISTRANT_REGISTERED  |
    And the REGISTER transactions of alice were:
      | second | CSeq | contact      | credentials | answer |
      | 50     | 1    | expires=3600 | no          | <code> |
      | 1750   | 2    | expires=3600 | no          | <code> |

    Examples:
      | code |
      | 200  |
      | 202  |
      | 204  |

  @D6 @D17 @row-2xx-registered @row-visit-refresh
  Scenario Outline: Where E comes from when the 200 has an Expires header (Contact: <contact>)
    The 200 of second 50 carries "Expires: 900" and this Contact: E = <E>, so
    TO = 50 + <E> - 100 = <TO>. <why>

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond:
                code: 200
                headers:
                  Contact: '<contact>'
                  Expires: 900
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then reg_list shows alice with expires <E>
    And reg_list shows alice with registration_t_out at second <TO>
    When the clock runs to the end of second <TO>
    Then the REGISTER transactions of alice were:
      | second | CSeq | contact      | credentials | answer |
      | 50     | 1    | expires=3600 | no          | 200    |
      | <TO>   | 2    | expires=3600 | no          | 200    |

    Examples:
      | contact                                        | E    | TO   | why                                                                           |
      | <sip:alice@10.0.0.1:5060>;expires=1800         | 1800 | 1750 | Our contact's expires comes first.                                            |
      | <sip:alice@10.0.0.1:5060>;expires=1800a        | 900  | 850  | Not all digits: ignored (OpenSIPS would read 1800, Q11), the header gives E.  |
      | <sip:alice@10.0.0.1:5060>                      | 900  | 850  | No expires parameter: the header gives E.                                     |
      | <sip:desk@192.0.2.7:5060>;expires=600          | 900  | 850  | Our contact is not listed, another device is: the header gives E (D17).       |
      | <sip:alice@10.0.0.1:5060>;expires=0003600      | 3600 | 3550 | Leading zeros are still digits: 0003600 is 3600.                              |
      | <sip:alice@10.0.0.1:5060>;expires=000000001800 | 1800 | 1750 | 12 characters, but only 4 significant digits: 1800, not the 2^32-1 cap below. |

  @D6 @D17 @row-2xx-registered @row-visit-refresh @row-visit-not-due
  Scenario Outline: Where E comes from when the 200 has no Expires header (Contact: <contact>)
    The 200 of second 50 carries no Expires header and this Contact: E = <E>, so
    TO = 50 + <E> - 100 = <TO>. <why>

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond:
                code: 200
                headers:
                  Contact: '<contact>'
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then reg_list shows alice with expires <E>
    And reg_list shows alice with registration_t_out at second <TO>
    When the clock runs to the end of second <TO>
    Then the REGISTER transactions of alice were:
      | second | CSeq | contact      | credentials | answer |
      | 50     | 1    | expires=3600 | no          | 200    |
      | <TO>   | 2    | expires=3600 | no          | 200    |

    Examples:
      | contact                                  | E    | TO   | why                                                                   |
      | <sip:alice@10.0.0.1:5060>;expires=1800   | 1800 | 1750 | Our contact's expires.                                                |
      | <sip:alice@10.0.0.1:5060>;expires=1800a  | 3600 | 3550 | Not all digits and no header: E stays the configured 3600 (D6).       |
      | <sip:alice@10.0.0.1:5060>;expires=-60    | 3600 | 3550 | A sign is not a digit: E stays (D6).                                  |
      | <sip:desk@192.0.2.7:5060>;expires=600    | 3600 | 3550 | Our contact is not listed and there is no header: E stays (D17).      |

  @D17 @D5 @row-2xx-binding-removed @row-visit-not-due @row-visit-retry
  Scenario: A 200 that lists our binding with expires=0 is a registrar error
    The registrar says alice's binding expires now, whatever else it lists: REGISTRAR_ERROR on
    second 50 (OpenSIPS would take it as registered, Q31). TO = 50 + 3600 - 100 = 3550 (D5), and
    the retry goes out then in a new dialog.

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond:
                code: 200
                headers:
                  Contact:
                    - '<sip:alice@10.0.0.1:5060>;expires=0'
                    - '<sip:desk@192.0.2.7:5060>;expires=600'
                  Expires: 900
              repeat: forever
      """
    When the clock runs to the end of second 3550
    Then the events of alice were:
      | second | event                        |
      | 50     | E_REGISTRANT_REGISTERING     |
      | 50     | E_REGISTRANT_REGISTRAR_ERROR |
      | 3550   | E_REGISTRANT_REGISTERING     |
      | 3550   | E_REGISTRANT_REGISTRAR_ERROR |
    And alice sent a REGISTER at second 3550 with a new Call-ID and CSeq 1
    And alice sent 2 REGISTERs
    And alice is in state REGISTRAR_ERROR_STATE

  @D6 @spec-4.1 @row-2xx-registered @row-visit-refresh
  Scenario Outline: An Expires header that gives no usable value leaves E as it was (Expires: <header>)
    The 200 of second 50 lists alice's contact without an expires parameter, so E would come from
    the Expires header; <why> E stays the configured 3600 and TO = 50 + 3600 - 100 = 3550.

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond:
                code: 200
                headers:
                  Contact: '<sip:alice@10.0.0.1:5060>'
                  Expires: '<header>'
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then reg_list shows alice with expires 3600
    And reg_list shows alice with registration_t_out at second 3550
    When the clock runs to the end of second 3550
    Then the REGISTER transactions of alice were:
      | second | CSeq | contact      | credentials | answer |
      | 50     | 1    | expires=3600 | no          | 200    |
      | 3550   | 2    | expires=3600 | no          | 200    |

    Examples:
      | header | why                                                                        |
      | 0      | Expires: 0 in a 200 is no grant at all (§4.1), not a binding of 0 seconds: |
      | soon   | a header that does not parse counts as absent (§4.1):                      |

  @D6 @row-2xx-registered
  Scenario Outline: Large expires values: 10 digits are read as written, up to 2^32-1 (expires=<param>)
    delta-seconds is at most 2^32-1 = 4294967295 (RFC 3261 §10.2.1.1); a larger value, or one
    with more than 10 significant digits, reads as 4294967295. The 200 arrives on second 50:
    TO = 50 + <E> - 100 = <TO>.

    Given alice registers to example.org with password wonderland and expiry 3600
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond:
                code: 200
                headers:
                  Contact: '<sip:alice@10.0.0.1:5060>;expires=<param>'
              repeat: forever
      """
    When the clock runs to the end of second 50
    Then alice is in state REGISTERED_STATE
    And reg_list shows alice with expires <E>
    And reg_list shows alice with registration_t_out at second <TO>

    Examples:
      | param       | E          | TO         |
      | 1000000000  | 1000000000 | 999999950  |
      | 4294967295  | 4294967295 | 4294967245 |
      | 4294967296  | 4294967295 | 4294967245 |
      | 10000000000 | 4294967295 | 4294967245 |

@spec-4.1 @D1 @D27
Feature: Refresh moment set by reregister_expiry_percentage
  After a 200 OK handled at second R that grants E seconds, the record's next action time is
  TO = R + floor(E * P / 100) - T, where P is reregister_expiry_percentage and T is
  timer_interval. The refresh REGISTER goes out at the first visit of the record's bucket with
  now >= TO, in the same dialog (same Call-ID, CSeq + 1).

  Here T = 100 and hash_size = 1: alice's bucket (0 of 2) is visited on seconds 50, 150, 250 and
  so on. The registrar accepts at once and grants what is asked, so alice registers on second 50.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And the registrar accepts everyone

  Scenario: P = 100 refreshes right on the edge, T seconds before the expiry
    TO = 50 + 3600 - 100 = 3550, a visit: the refresh goes out then, and every 3500 s after.

    Given reregister_expiry_percentage is 100
    And alice registers to example.org with password wonderland and expiry 3600
    When 7100 seconds pass
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 200    |
      | 3550   | 2    | no          | 200    |
      | 7050   | 3    | no          | 200    |
    And alice sent a REGISTER at second 3550 with the same Call-ID and CSeq 2
    And alice sent a REGISTER at second 7050 with the same Call-ID and CSeq 3

  Scenario: P = 50 refreshes at half the expiry, less T
    TO = 50 + floor(3600 * 50 / 100) - 100 = 1750, a visit; then 1750 + 1800 - 100 = 3450.

    Given reregister_expiry_percentage is 50
    And alice registers to example.org with password wonderland and expiry 3600
    When 3600 seconds pass
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 200    |
      | 1750   | 2    | no          | 200    |
      | 3450   | 3    | no          | 200    |
    And alice is in state REGISTERED_STATE

  Scenario Outline: Refresh at the first visit on or after R + floor(E * P / 100) - T (E = <E>, P = <P>)
    Given reregister_expiry_percentage is <P>
    And alice registers to example.org with password wonderland and expiry <E>
    When the clock runs to the end of second <refresh>
    Then alice sent a REGISTER at second <refresh> with the same Call-ID and CSeq 2
    And alice sent 2 REGISTERs

    Examples: TO falls on a visit
      | E    | P   | E*P/100 | TO   | refresh |
      | 3600 | 100 | 3600    | 3550 | 3550    |
      | 1000 | 75  | 750     | 700  | 750     |
      | 300  | 100 | 300     | 250  | 250     |
      | 150  | 100 | 150     | 100  | 150     |

    Examples: TO falls between visits
      | E    | P  | E*P/100 | TO   | refresh |
      | 3600 | 90 | 3240    | 3190 | 3250    |
      | 7200 | 33 | 2376    | 2326 | 2350    |

    Examples: TO already passed when the 200 arrives: the next visit refreshes
      | E   | P  | E*P/100 | TO  | refresh |
      | 200 | 10 | 20      | -30 | 150     |

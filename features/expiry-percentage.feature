@spec-4.1 @D1 @D27
Feature: Refresh moment set by reregister_expiry_percentage
  After a 200 OK handled at second R that grants E seconds, the record's next action time is
  TO = R + floor(E * P / 100) - T, where P is reregister_expiry_percentage and T is
  timer_interval. reg_list shows TO as registration_t_out. The refresh REGISTER goes out at the
  first visit of the record's bucket with now >= TO, in the same dialog (same Call-ID, CSeq + 1),
  and still asks for the expiry configured, whatever was granted.

  With N = 2^hash_size buckets, one bucket is visited every floor(T / N) seconds, so a bucket
  comes back every N * floor(T / N) seconds (the visit cycle, at most T). A refresh therefore
  goes out between TO and TO + cycle: never later than P% of E as long as floor(E * P / 100) is
  at least the cycle. When floor(E * P / 100) is shorter than the cycle, TO can pass before the
  bucket comes back, and the refresh goes out on the first visit after TO, later than P% of E.

  The registrar accepts at once. alice (sip:alice@example.org) is in bucket 0 of 2, 2 of 4 and
  6 of 8, so with the settings below her bucket is visited on these seconds:

    | T   | hash_size | buckets | one every | alice's bucket visited on |
    | 100 | 1         | 2       | 50 s      | 50, 150, 250, ...         |
    | 8   | 2         | 4       | 2 s       | 6, 14, 22, ...            |
    | 30  | 2         | 4       | 7 s       | 21, 49, 77, ...           |
    | 60  | 3         | 8       | 7 s       | 49, 105, 161, ...         |

  Background:
    Given the registrar accepts everyone

  @row-2xx-registered @row-visit-not-due @row-visit-refresh
  Scenario: P = 100 refreshes right on the edge, T seconds before the expiry
    TO = 50 + 3600 - 100 = 3550, a visit: the refresh goes out then, and every 3500 s after.

    Given timer_interval is 100 and hash_size is 1
    And reregister_expiry_percentage is 100
    And alice registers to example.org with password wonderland and expiry 3600
    When 7100 seconds pass
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 200    |
      | 3550   | 2    | no          | 200    |
      | 7050   | 3    | no          | 200    |
    And alice sent a REGISTER at second 3550 with the same Call-ID and CSeq 2
    And alice sent a REGISTER at second 7050 with the same Call-ID and CSeq 3

  @row-2xx-registered @row-visit-not-due @row-visit-refresh
  Scenario: P = 50 refreshes at half the expiry, less T
    TO = 50 + floor(3600 * 50 / 100) - 100 = 1750, a visit; then 1750 + 1800 - 100 = 3450.

    Given timer_interval is 100 and hash_size is 1
    And reregister_expiry_percentage is 50
    And alice registers to example.org with password wonderland and expiry 3600
    When 3600 seconds pass
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 200    |
      | 1750   | 2    | no          | 200    |
      | 3450   | 3    | no          | 200    |
    And alice is in state REGISTERED_STATE

  @row-visit-register @row-2xx-registered @row-visit-refresh @spec-3.2 @spec-4.1
  Scenario Outline: Refresh at the first visit on or after R + floor(E * P / 100) - T (T = <T>, hash_size = <hash_size>, E = <granted>, P = <P>)
    alice asks for <asked> seconds on second <R> and is granted <granted>:
    TO = <R> + floor(<granted> * <P> / 100) - <T> = <TO>. The refresh goes out on the first visit
    of her bucket on or after second <TO>: second <refresh>.

    Given timer_interval is <T> and hash_size is <hash_size>
    And reregister_expiry_percentage is <P>
    And alice registers to example.org with password wonderland and expiry <asked>
    And the registrar accepts alice granting <granted> seconds
    When the clock runs to the end of second <R>
    Then reg_list shows alice with expires <granted>
    And reg_list shows alice with registration_t_out at second <TO>
    When the clock runs to the end of second <refresh>
    Then the REGISTER transactions of alice were:
      | second    | Call-ID | CSeq | contact         | credentials | answer |
      | <R>       | #1      | 1    | expires=<asked> | no          | 200    |
      | <refresh> | #1      | 2    | expires=<asked> | no          | 200    |

    @row-visit-not-due
    Examples: P = 100: T seconds before the expiry, or the first visit after that
      | T   | hash_size | asked | granted | P   | R  | TO   | refresh |
      | 100 | 1         | 3600  | 3600    | 100 | 50 | 3550 | 3550    |
      | 8   | 2         | 120   | 120     | 100 | 6  | 118  | 118     |
      | 30  | 2         | 600   | 600     | 100 | 21 | 591  | 609     |
      | 60  | 3         | 3600  | 1800    | 100 | 49 | 1789 | 1841    |

    @row-visit-not-due
    Examples: P = 90, with grants smaller and larger than asked
      | T   | hash_size | asked | granted | P  | R  | TO   | refresh |
      | 100 | 1         | 3600  | 3600    | 90 | 50 | 3190 | 3250    |
      | 100 | 1         | 1800  | 7200    | 90 | 50 | 6430 | 6450    |
      | 8   | 2         | 120   | 60      | 90 | 6  | 52   | 54      |
      | 30  | 2         | 3600  | 3600    | 90 | 21 | 3231 | 3241    |

    @row-visit-not-due
    Examples: P = 50
      | T   | hash_size | asked | granted | P  | R  | TO   | refresh |
      | 100 | 1         | 3600  | 3600    | 50 | 50 | 1750 | 1750    |
      | 60  | 3         | 600   | 900     | 50 | 49 | 439  | 441     |
      | 8   | 2         | 100   | 100     | 50 | 6  | 48   | 54      |

    @row-visit-not-due
    Examples: P = 1 with floor(E * P / 100) at least the visit cycle: still before P% of E
      | T  | hash_size | asked | granted | P | R  | TO | refresh |
      | 60 | 3         | 12000 | 12000   | 1 | 49 | 109 | 161    |
      | 8  | 2         | 3000  | 3000    | 1 | 6  | 28 | 30      |

    Examples: P = 1 with floor(E * P / 100) shorter than the visit cycle: TO has passed, the next visit refreshes, after P% of E
      | T   | hash_size | asked | granted | P | R  | TO  | refresh |
      | 100 | 1         | 3600  | 3600    | 1 | 50 | -14 | 150     |
      | 30  | 2         | 2000  | 2000    | 1 | 21 | 11  | 49      |

    @row-visit-not-due
    Examples: E * P / 100 not whole: floor, never rounded up (3600.5 is 3600, 1799.5 is 1799)
      | T   | hash_size | asked | granted | P  | R  | TO   | refresh |
      | 100 | 1         | 3601  | 7201    | 50 | 50 | 3550 | 3550    |
      | 100 | 1         | 3599  | 3599    | 50 | 50 | 1749 | 1750    |

    Examples: A grant of T seconds or less: TO has passed, the next visit refreshes (after the binding expired)
      | T   | hash_size | asked | granted | P   | R  | TO | refresh |
      | 100 | 1         | 3600  | 60      | 100 | 50 | 10 | 150     |

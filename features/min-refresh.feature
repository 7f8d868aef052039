@D32
Feature: A floor under the refresh interval
  A registrar that grants a tiny expiry (say 5 seconds) makes OpenSIPS refresh at every visit
  of the record's bucket, forever (spec N13). With min_refresh_interval = M, the refresh after a
  2xx handled at second R never goes out before R + M: TO = max(D1's TO, R + M). The binding
  then lapses between refreshes, which is the registrar's doing: the first time this happens
  the engine warns once, naming the registrar (one warning per registrar, whichever record met
  it first), instead of the warning that the grant is not above timer_interval.

  Here T = 100 and hash_size = 1: alice's bucket is visited on seconds 50, 150, 250 and so on,
  and bob's (bucket 1) on seconds 100, 200, 300. The registrar grants 5 seconds to everyone.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And alice registers to example.org with password wonderland and expiry 3600
    And the registrar accepts alice granting 5 seconds

  @row-2xx-registered @row-visit-not-due @row-visit-refresh
  Scenario: min_refresh_interval = 600: a refresh every 600 seconds instead of every visit
    The 200 of second 50 sets TO = max(50 + 5 - 100, 50 + 600) = 650; the refresh of second 650
    sets TO = 1250.

    Given min_refresh_interval is 600
    When the clock runs to the end of second 50
    Then reg_list shows alice with registration_t_out at second 650
    When the clock runs to the end of second 1250
    Then alice sent REGISTERs at seconds "50, 650, 1250"
    And the engine warned about alice:
      | code          | message                                                                                                                  |
      | refresh_floor | registrar sip:example.org granted 5 s: refreshing only every min_refresh_interval 600 s, so the binding lapses in between |

  @row-2xx-registered @row-visit-not-due @row-visit-refresh
  Scenario: The warning names the registrar once, not once per record
    bob registers to the same registrar on second 100 and is held to the floor too; the
    registrar was named already, so no second refresh_floor warning comes.

    Given bob registers to example.org with expiry 3600 and no credentials
    And the registrar accepts bob granting 5 seconds
    And min_refresh_interval is 600
    When the clock runs to the end of second 700
    Then alice sent REGISTERs at seconds "50, 650"
    And bob sent REGISTERs at seconds "100, 700"
    And the engine warned 1 time with refresh_floor

  @row-2xx-registered @row-visit-not-due @row-visit-refresh
  Scenario: A floor that comes before D1's refresh time changes nothing
    bob's registrar rule grants 3600 seconds: the 200 of second 100 sets D1's
    TO = 100 + 3600 - 100 = 3600, after 100 + 600, so bob refreshes on second 3600 as he would
    without the floor, and nothing is said about him.

    Given bob registers to example.org with expiry 3600 and no credentials
    And the registrar accepts bob granting 3600 seconds
    And min_refresh_interval is 600
    When the clock runs to the end of second 100
    Then reg_list shows bob with registration_t_out at second 3600
    When the clock runs to the end of second 3600
    Then bob sent REGISTERs at seconds "100, 3600"
    And the engine gave no warning about bob

  @row-2xx-registered @row-visit-not-due @row-visit-refresh
  Scenario: A floor that falls on D1's refresh time changes nothing either
    bob is granted 700 seconds on second 100: D1's TO = 100 + 700 - 100 = 700 = 100 + 600.

    Given bob registers to example.org with expiry 3600 and no credentials
    And the registrar accepts bob granting 700 seconds
    And min_refresh_interval is 600
    When the clock runs to the end of second 700
    Then bob sent REGISTERs at seconds "100, 700"
    And the engine gave no warning about bob

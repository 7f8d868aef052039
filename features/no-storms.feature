@D33
Feature: No REGISTER storms: a global rate limit and a spread first wave
  OpenSIPS sends every REGISTER its visit decides at once: after a start-up, a reload or a
  registrar outage, a whole bucket's records hit the registrar in the same second, and carriers
  throttle or blacklist registrants that do that. Two parameters prevent it:

  - register_rate_limit = R: at most R new REGISTER transactions per second for the whole
    engine, one every 1000/R ms, so no window of one second holds more than R. When several
    wait, the REGISTERs of records in an exchange or registered (answers to challenges,
    refreshes, unREGISTERs) go first, then retries of failed records, then first REGISTERs of
    new records, each kind in the order decided. A REGISTER held back keeps its record in
    REGISTERING; its 30 seconds start when it goes out.
  - startup_spread = S: a record's first REGISTER (from NOT_REGISTERED: start-up, reload, a
    sharing tag taken over, enable) goes out at a random moment in the S seconds after its
    visit decided it, drawn from the engine's random source (here fixed by the scenario).

  Here T = 100 and hash_size = 1: bucket 0 (alice, carol, grace, heidi) is visited on seconds 50,
  150, 250 and so on. The registrar accepts everyone unless a scenario says otherwise.

  Background:
    Given timer_interval is 100 and hash_size is 1

  @row-visit-register @row-2xx-registered
  Scenario Outline: register_rate_limit = <R>: a bucket of three goes out one every 1000/<R> ms
    Given register_rate_limit is <R>
    And these accounts register to example.org with expiry 3600 and no credentials:
      | account |
      | carol   |
      | grace   |
      | heidi   |
    And the registrar accepts everyone
    When the clock runs to the end of second 52
    Then the first REGISTER of each account went out at:
      | account | second  |
      | carol   | 50      |
      | grace   | <grace> |
      | heidi   | <heidi> |
    And carol is in state REGISTERED_STATE
    And heidi is in state REGISTERED_STATE

    Examples:
      | R | grace | heidi |
      | 1 | 51    | 52    |
      | 2 | 50    | 51    |
      | 3 | 50    | 50    |

  @row-visit-retry @row-visit-refresh @row-2xx-registered
  Scenario Outline: A refresh goes before retries when the limit holds them back (<state>)
    carol and grace get <code> forever, which leaves them in <state>; alice is accepted;
    failure_retry_interval = 3650. At second 50 the three go out one a second in table order:
    carol 50, grace 51, alice 52. carol's retry (TO = 50 + 3650 - 100 = 3600), grace's (3601)
    and alice's refresh (TO = 52 + 3600 - 100 = 3552) are all decided at the visit of second
    3650, in that order. carol's takes the free slot at once; alice's refresh and grace's retry
    both wait, and the refresh goes first.

    Given register_rate_limit is 1
    And failure_retry_interval is 3650
    And these accounts register to example.org with expiry 3600 and no credentials:
      | account |
      | carol   |
      | grace   |
      | alice   |
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - accept: {}
              repeat: forever
        - for: everyone
          steps:
            - respond: { code: <code> }
              repeat: forever
      """
    When the clock runs to the end of second 3652
    Then carol sent REGISTERs at seconds "50, 3650"
    And grace sent REGISTERs at seconds "51, 3652"
    And alice sent REGISTERs at seconds "52, 3651"
    And grace is in state <state>

    @row-registrar-error
    Examples:
      | code | state                   |
      | 503  | REGISTRAR_ERROR_STATE   |

    @row-timeout
    Examples:
      | code | state                   |
      | 408  | REGISTER_TIMEOUT_STATE  |

    @row-redirect
    Examples:
      | code | state                   |
      | 302  | INTERNAL_ERROR_STATE    |

    @row-auth-no-credentials
    Examples:
      | code | state                   |
      | 401  | WRONG_CREDENTIALS_STATE |

  @row-visit-register @row-2xx-registered
  Scenario: startup_spread = 60 moves each first REGISTER up to a minute after its visit
    With the draw fixed at 0.5 each first REGISTER waits floor(0.5 * 60) = 30 seconds: the
    visit of second 50 sends on second 80; with register_rate_limit = 1 as well they leave one a
    second from then.

    Given startup_spread is 60
    And register_rate_limit is 1
    And every back-off jitter draw is 0.5
    And these accounts register to example.org with expiry 3600 and no credentials:
      | account |
      | carol   |
      | grace   |
      | heidi   |
    And the registrar accepts everyone
    When the clock runs to the end of second 82
    Then the first REGISTER of each account went out at:
      | account | second |
      | carol   | 80     |
      | grace   | 81     |
      | heidi   | 82     |

  @row-visit-register @row-2xx-registered
  Scenario: startup_spread with the engine's own random source spreads a bucket
    Same seed, same run: the three first REGISTERs of the visit of second 50 leave at
    different seconds, all before second 110.

    Given startup_spread is 60
    And these accounts register to example.org with expiry 3600 and no credentials:
      | account |
      | carol   |
      | grace   |
      | heidi   |
    And the registrar accepts everyone
    When the clock runs to the end of second 110
    Then the first REGISTERs went out at 3 different seconds from 50 to 109

  @slow @row-visit-register @row-2xx-registered @row-visit-refresh
  Scenario: 10,000 records at 100 REGISTERs a second: the peak never passes the limit and no binding lapses
    T = 160 and hash_size = 4: 16 buckets, one visited every 10 seconds, about 625 records each.
    Every visit decides its bucket's REGISTERs at once; at 100 a second they take about 6
    seconds, before the next visit. Each record asks for 400 seconds and refreshes 160 seconds
    before they run out (TO = R + 400 - 160): the first wave is over by second 167, and the
    refreshes begin on second 330. On second 428 the REGISTERs of the visit of second 420 have
    all been answered, so every record is registered.

    Given timer_interval is 160 and hash_size is 4
    And register_rate_limit is 100
    And 10000 accounts register to example.org with expiry 400 and no credentials
    And the registrar accepts everyone
    When the clock runs to the end of second 428, however long that takes
    Then the engine sent at most 100 REGISTERs in any one second, and exactly 100 in its busiest
    And every one of the 10000 records is registered, each REGISTER sent before its last binding ran out

@D30
Feature: Back-off with jitter for failures in a row
  OpenSIPS retries every failure after the same time (D5), so a registrar that is down gets the
  same load for as long as it is down. With retry_backoff = 1, the k-th failure in a row since
  the last success (k from 0) sets TO = F + W - J, where F is the second the failure was handled,
  W = min(retry_max, retry_base * 2^k) and the jitter J = floor(r * (floor(W/2) + 1)) for a
  random draw r in [0, 1): the wait is between half of W and W, as RFC 5626 §4.5 has it, so that
  records that failed together do not come back together. A success starts the count again. The
  draw comes from the engine's injected random source; here the scenario fixes it.

  Here T = 2 and hash_size = 1: alice's bucket is visited on every odd second, and her first
  REGISTER goes out on second 1. retry_base is 30 and retry_max is 240.

  Background:
    Given timer_interval is 2 and hash_size is 1
    And alice registers to example.org with password wonderland and expiry 3600
    And retry_backoff is 1
    And retry_base is 30
    And retry_max is 240

  @row-registrar-error @row-visit-not-due @row-visit-retry @row-2xx-registered @row-visit-refresh
  Scenario: Without jitter the waits double up to retry_max, and a success starts again from retry_base
    The registrar answers 503 five times, then 200, then 503 again. The waits are 30, 60, 120,
    240 and 240 seconds (W capped by retry_max); the 200 of second 691 resets the count, so the
    refresh that fails on second 4289 (691 + 3600 - 2) waits retry_base again.

    Given every back-off jitter draw is 0
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond: { code: 503 }
              times: 5
            - accept: {}
            - respond: { code: 503 }
              repeat: forever
      """
    When the clock runs to the end of second 4319
    Then alice sent REGISTERs at seconds "1, 31, 91, 211, 451, 691, 4289, 4319"

  @row-timeout @row-visit-not-due @row-visit-retry
  Scenario: Jitter takes up to half of each wait
    With r = 0.9 the jitter takes floor(0.9 * (floor(W/2) + 1)) seconds: 14 of W = 30, 27 of 60,
    54 of 120. The registrar never answers, so each REGISTER times out 30 seconds after it went
    out: on second 31 (TO = 31 + 16 = 47), 77 (TO = 77 + 33 = 110, visited on 111) and
    141 (TO = 141 + 66 = 207).

    Given every back-off jitter draw is 0.9
    And the registrar never answers alice
    When the clock runs to the end of second 207
    Then alice sent REGISTERs at seconds "1, 47, 111, 207"
    And reg_list shows alice with registration_t_out at second 207

  @row-timeout
  Scenario: The jitter comes from the engine's seeded random source when nobody fixes it
    Same seed, same run: the first wait is between 15 and 30 seconds.

    Given the registrar never answers alice
    When the clock runs to the end of second 31
    Then alice is in state REGISTER_TIMEOUT_STATE
    And alice's registration_t_out is between second 46 and second 61

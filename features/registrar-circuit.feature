@D34
Feature: A registrar that is down is probed, not hammered
  OpenSIPS keeps sending every record's REGISTER to a registrar that is down, each on its own
  retry time, and when the registrar comes back every record hits it at once. With
  registrar_circuit = N, N failures in a row from one next hop (the record's proxy, else its
  registrar: a timeout, a transport error, a 408 or a 5xx) open its circuit: the records that use
  it hold back at their visits, except one probe every registrar_circuit_probe_interval seconds
  (the first record whose visit would send once the interval has passed). Any other answer
  closes the circuit; the held records then go out at their next visits, spread by the bucket
  timer (and by register_rate_limit when it is set). The engine raises
  E_REGISTRANT_CIRCUIT_OPEN and E_REGISTRANT_CIRCUIT_CLOSED and logs both.

  Here T = 100 and hash_size = 1: bucket 0 (alice, carol) is visited on seconds 50, 150, ...,
  bucket 1 (bob) on seconds 100, 200, .... All three reach example.org over TCP and register
  for 3600 seconds; failure_retry_interval = 300 (TO = F + 300 - 100 after a failure F).
  From second 3500 to second 4300 the registrar refuses TCP connections: a transport error
  at once for every REGISTER.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And failure_retry_interval is 300
    And these accounts register to example.org with expiry 3600 and no credentials:
      | account |
      | alice   |
      | carol   |
      | bob     |
    And alice reaches example.org over TCP
    And carol reaches example.org over TCP
    And bob reaches example.org over TCP
    And the registrar accepts everyone
    And the registrar refuses TCP connections from second 3500 to second 4300

  @row-transport-error @row-visit-circuit-open @row-visit-retry @row-2xx-registered
  Scenario: Three failures open the circuit; one probe every 300 seconds until the registrar answers
    alice's and carol's refreshes fail on second 3550, bob's on 3600: three in a row, the circuit
    opens, and the first probe may go from second 3900. alice and carol are due again on 3750
    and bob on 3800, but their visits hold them back. bob's visit of second 3900 is the first
    after 3900: his retry is the probe, refused, so the next may go from 4200: bob again,
    refused. The registrar listens again from 4300; bob's probe of second 4500 registers and
    closes the circuit, and alice and carol register at their next visit, second 4550.
    Without the circuit the registrar would have seen twelve REGISTERs by second 4300 instead
    of five.

    Given registrar_circuit is 3
    And registrar_circuit_probe_interval is 300
    When the clock runs to the end of second 4600
    Then the circuit events were:
      | second | event                       | registrar                     |
      | 3600   | E_REGISTRANT_CIRCUIT_OPEN   | sip:example.org;transport=tcp |
      | 4500   | E_REGISTRANT_CIRCUIT_CLOSED | sip:example.org;transport=tcp |
    And the registrar refused TCP connections at seconds "3550, 3550, 3600, 3900, 4200"
    And the engine sent REGISTERs for alice at seconds "50, 3550, 4550"
    And the engine sent REGISTERs for carol at seconds "50, 3550, 4550"
    And the engine sent REGISTERs for bob at seconds "100, 3600, 3900, 4200, 4500"
    And alice is in state REGISTERED_STATE
    And bob is in state REGISTERED_STATE

  @row-transport-error @row-visit-retry
  Scenario: Without registrar_circuit every record keeps its own retry time, as OpenSIPS does
    Each failure F retries on F + 200: twelve refused REGISTERs by second 4300.

    When the clock runs to the end of second 4300
    Then no circuit opened
    And the registrar refused TCP connections at seconds "3550, 3550, 3600, 3750, 3750, 3800, 3950, 3950, 4000, 4150, 4150, 4200"

  @row-transport-error @row-visit-retry
  Scenario: Fewer failures in a row than registrar_circuit leave the circuit closed
    Given registrar_circuit is 13
    When the clock runs to the end of second 4300
    Then no circuit opened
    And the registrar refused TCP connections at seconds "3550, 3550, 3600, 3750, 3750, 3800, 3950, 3950, 4000, 4150, 4150, 4200"

  @row-visit-retry
  Scenario Outline: Two <code>s in a row open the circuit with registrar_circuit = 2: <opens>
    dave (bucket 1, over UDP) is answered <code> twice, then 200. With the circuit open from
    second 300 his retry due on 500 waits for the probe allowed from 1300.

    Given registrar_circuit is 2
    And registrar_circuit_probe_interval is 1000
    And dave registers to example.org with expiry 3600 and no credentials
    And the registrar answers dave with <code> 2 times, then accepts
    When the clock runs to the end of second 1300
    Then the engine sent REGISTERs for dave at seconds "<sent>"

    @row-timeout @row-visit-circuit-open
    Examples: a 408 is a timeout
      | code | opens                | sent           |
      | 408  | it opens on 300      | 100, 300, 1300 |

    @row-registrar-error @row-visit-circuit-open
    Examples: 5xx
      | code | opens                | sent           |
      | 500  | it opens on 300      | 100, 300, 1300 |
      | 503  | it opens on 300      | 100, 300, 1300 |
      | 599  | it opens on 300      | 100, 300, 1300 |

    @row-registrar-error
    Examples: not failures of the registrar
      | code | opens                | sent           |
      | 404  | it stays closed      | 100, 300, 500  |
      | 499  | it stays closed      | 100, 300, 500  |
      | 600  | it stays closed      | 100, 300, 500  |

  @row-timeout @row-visit-circuit-open @row-visit-retry
  Scenario: A probe still in flight keeps the next one back for the probe interval
    alice and dave (bucket 1, over TCP too) are never answered; transaction_timeout is 120 seconds.
    alice's REGISTER of second 50 times out on 170 and opens the circuit (registrar_circuit = 1),
    dave's of 100 on 220 (probes from 280). alice is due on 450 (TO = 170 + 200) and her
    retry is the probe: the next may go from 510, so dave, due on 420, is held at his visit of
    500 although alice's probe has not timed out yet.

    Given registrar_circuit is 1
    And registrar_circuit_probe_interval is 60
    And transaction_timeout is 120
    And dave registers to example.org with expiry 3600 and no credentials
    And dave reaches example.org over TCP
    And the registrar never answers alice
    And the registrar never answers dave
    When the clock runs to the end of second 500
    Then the engine sent REGISTERs for alice at seconds "50, 450"
    And the engine sent REGISTERs for dave at seconds "100"

/** The transaction layer's counters: what it sent again, absorbed, could not match or could not read. */
export interface TransactionLayerStats {
  clientTransactionsStarted: number;
  serverTransactionsStarted: number;
  /** Requests sent again by Timer E. */
  retransmissionsSent: number;
  /** Responses a client transaction took in after its final one (retransmitted finals, late 1xx). */
  responsesAbsorbed: number;
  /** Responses that matched no client transaction. */
  unmatchedResponses: number;
  /** Responses that matched a client transaction but that its `acceptResponse` check refused. */
  refusedResponses: number;
  /** Request retransmissions a server transaction swallowed (no response yet, or an ACK). */
  requestsAbsorbed: number;
  /** Request retransmissions answered again with the server transaction's last response. */
  responsesResent: number;
  /** Requests nobody took: no `onRequest` handler, or an ACK outside any transaction. */
  requestsUnhandled: number;
  /** Inbound bytes that are no SIP message. */
  parseFailures: number;
  /** Messages that parsed but lack a Via, CSeq, From, To or Call-ID a transaction needs, or have a broken one. */
  malformedMessages: number;
  /** Malformed requests answered with a stateless 400 (option `answerMalformedRequests`); sent, each retransmission counted. */
  malformedRequestsAnswered: number;
  /** Client transaction outcomes, by kind: together they count every outcome given. */
  finalResponses: number;
  timeouts: number;
  transportErrors: number;
}

export function emptyStats(): TransactionLayerStats {
  return {
    clientTransactionsStarted: 0,
    serverTransactionsStarted: 0,
    retransmissionsSent: 0,
    responsesAbsorbed: 0,
    unmatchedResponses: 0,
    refusedResponses: 0,
    requestsAbsorbed: 0,
    responsesResent: 0,
    requestsUnhandled: 0,
    parseFailures: 0,
    malformedMessages: 0,
    malformedRequestsAnswered: 0,
    finalResponses: 0,
    timeouts: 0,
    transportErrors: 0,
  };
}

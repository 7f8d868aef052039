@spec-9.1 @spec-9.2 @D12 @D20
Feature: The management interface answers as OpenSIPS's does
  The operator drives the engine with OpenSIPS's MI commands over JSON-RPC 2.0, under their 4.0
  names (uac_registrant:list, ...) and their legacy aliases (reg_list, ...), with params given
  in order (as the admin guide writes them: aor, contact, registrar) or by name (name=value
  here). A command that cannot be done answers a JSON-RPC error whose code and message are
  OpenSIPS's; a parameter that is wrong is named, with the reason, in the error's data (D12). A
  command line below is what `uacreg mi` takes: the command, then its params; '' is an empty
  param.

  The engine starts at second 0 with timer_interval 100 and hash_size 1: alice's bucket is
  visited on seconds 50, 150, and so on. Her record is sip:alice@example.org, with the contact
  sip:alice@10.0.0.1:5060 at the registrar sip:example.org.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And alice registers to example.org with password wonderland and expiry 3600
    And the registrar accepts everyone

  Scenario: Both names answer, with params in order or by name, and list the record without its credentials
    When 60 seconds pass
    And the operator runs "reg_list sip:alice@example.org sip:alice@10.0.0.1:5060 sip:example.org" over the management interface
    Then the answer is alice's record, in state REGISTERED_STATE, with the keys "AOR, expires, state, enabled, last_register_sent, registration_t_out, registrar, binding, socket, dst_IP, ip"
    When the operator runs "uac_registrant:list aor=sip:alice@example.org contact=sip:alice@10.0.0.1:5060 registrar=sip:example.org" over the management interface
    Then the answer is alice's record, in state REGISTERED_STATE, with the keys "AOR, expires, state, enabled, last_register_sent, registration_t_out, registrar, binding, socket, dst_IP, ip"
    When the operator runs "reg_list" over the management interface
    Then the answer lists 1 record
    And no answer of the management interface contains "wonderland"

  @spec-8 @row-disable-unregister
  Scenario: A disable over the management interface answers OK and unREGISTERs at once
    When 60 seconds pass
    And the operator runs "uac_registrant:disable sip:alice@example.org sip:alice@10.0.0.1:5060 sip:example.org" over the management interface
    Then the management interface answers "OK"
    When 1 second passes
    Then alice is in state NOT_REGISTERED_STATE
    And the state column of alice's row is 1

  Scenario: An upsert answers OK and never echoes the password
    When the operator runs "reg_upsert sip:bob@example.org sip:bob@10.0.0.1:5060 sip:example.org '' '' bob builder '' 1800 '' '' 0" over the management interface
    Then the management interface answers "OK"
    When the operator runs "reg_list sip:bob@example.org sip:bob@10.0.0.1:5060 sip:example.org" over the management interface
    Then no answer of the management interface contains "builder"

  Scenario Outline: A command that cannot be done answers OpenSIPS's error: <why>
    When 60 seconds pass
    And the operator runs "<command line>" over the management interface
    Then the management interface answers the error <code> "<message>" with data "<data>"

    Examples: no recipe has that many params, or those names, or that type (§9.1)
      | why                           | command line                                                                                                                  | code   | message        | data                              |
      | one param of three            | reg_list sip:alice@example.org                                                                                                | -32602 | Invalid params | Too few or too many parameters    |
      | a name no recipe has          | reg_enable aor=sip:alice@example.org binding=sip:alice@10.0.0.1:5060 registrar=sip:example.org                                | -32602 | Invalid params | Named parameters do not match     |
      | an int that is no number      | reg_upsert sip:alice@example.org sip:alice@10.0.0.1:5060 sip:example.org '' '' alice wonderland '' soon '' '' 0                | -32602 | Invalid params | Bad type for parameter 'expiry'   |

    Examples: a row the engine refuses names the parameter and why (D12)
      | why                           | command line                                                                                                                  | code   | message        | data                                                            |
      | a negative expiry             | reg_upsert sip:alice@example.org sip:alice@10.0.0.1:5060 sip:example.org '' '' alice wonderland '' -5 '' '' 0                  | -32602 | Invalid params | expiry: must not be negative, got -5                            |
      | a registrar with a user part  | reg_upsert sip:alice@example.org sip:alice@10.0.0.1:5060 sip:u@example.org '' '' alice wonderland '' 3600 '' '' 0              | -32602 | Invalid params | registrar: URI must not have a user part                        |

  Scenario Outline: A record or a row that is not there: <why>
    When the operator runs "<command line>" over the management interface
    Then the management interface answers the error <code> "<message>"

    Examples:
      | why                                | command line                                                                            | code   | message                        |
      | no record with that registrar      | reg_disable sip:alice@example.org sip:alice@10.0.0.1:5060 sip:elsewhere.example.org     | 404    | No such registrant             |
      | no row to reload                   | reg_reload sip:bob@example.org sip:bob@10.0.0.1:5060 sip:example.org                    | 404    | No such registrant in database |
      | a command the module does not have | reg_frobnicate                                                                          | -32601 | Method not found               |

// Package eforms reads EU eForms notices (UBL 2.3, eForms SDK 1.x) and
// turns the ones that call for competition into Koppel tenders: Read
// decodes one notice and returns a Notice holding the *koppel.Tender it
// announces, the notice type, every language of its multilingual texts and
// the problems found on the way. It never writes to storage.
//
// # Which notices are tenders
//
// Koppel imports the notices one can still bid on: contract notices
// (cn-standard, cn-social, cn-desg, including the E3 national form and
// change notices of these), prior information notices that call for
// competition (pin-cfc-standard, pin-cfc-social), qualification systems
// (qu-sy) and subcontracting notices (subco). Every other kind is refused
// with a *koppel.Error (code EINVALID) whose Dutch message says what the
// notice is and why it is not imported (its Key says it in French and
// English), and whose cause is a *Refusal with a reason code: modifications (can-modif), completion (compl), voluntary ex-ante transparency (veat),
// prior information notices without a call for competition (pin-only,
// pin-buyer, pin-rtl, pin-tran), pre-market consultations (pmc) and the
// business registrations X01/X02 (brin-eeig, brin-ecs). A prior
// information notice pin-only or pin-rtl that announces a reserved lot
// (BT-71 res-ws or res-pub-ser, on a lot or a part) is the exception: it is
// read with its lots and parts and gives an announced tender
// (koppel.TenderAnnounced). The decision is
// made on the notice's content, never on its file name: a notice that says
// it is a contract notice but lacks a notice ID, lots or a title is refused
// for that, and an "invalid" example that is still a readable contract
// notice is imported.
//
// # Award notices
//
// Contract award notices and design contest results (can-standard,
// can-social, can-desg, can-tran, including the E4 national form) give no
// tender but Notice.Outcomes: one koppel.Outcome per lot result
// (efac:LotResult), keyed by the procedure identifier (BT-04), which the
// caller matches with the tender of the same procedure
// (koppel.TenderSource.Procedure). A lot with a winner chosen (BT-142
// selec-w) is awarded to the organisations (name BT-500, company ID BT-501)
// of the tendering parties (OPT-300, OPT-310) of its winning tenders
// (OPT-320), a group of tenderers giving several winners, with the value of
// those tenders (BT-720) when in euro and the winner decision date
// (BT-1451), else the contract conclusion date (BT-145), else the notice
// date (BT-05). A lot closed without a winner (clos-nw) is not awarded,
// with its reason (BT-144: no-rece → no tenders, all-rej → no suitable
// tenders, chan-need, ins-fund and the like → procedure stopped, other →
// other). A lot still open (open-nw), or awarded to a winner the notice
// withholds, gives no outcome and a warning. An award notice without a
// usable lot result is refused (reason no-results).
//
// # Mapping onto the domain
//
// The tender ID is "eforms-" + the notice ID (BT-701), so importing a later
// version of the same notice replaces the earlier one. A change notice has
// a notice ID of its own and names the notice it changes in
// Notice.ChangedNoticeID (BT-758), also kept in the tender's
// Source.Notices; the caller decides whether to replace that tender. A
// change notice that cancels the procedure gives a closed tender, an
// announcing prior information notice an announced one, every other
// imported notice a published one.
//
// Per lot (cac:ProcurementProjectLot with cbc:ID schemeName="Lot"; groups
// of lots are skipped, and so are the parts of prior information notices
// other than announcing ones):
//
//   - title and description (BT-21, BT-24), falling back to the
//     procedure's when the notice has one lot without them;
//   - CPV main and additional codes (BT-262, BT-263), the procedure's when
//     the lot has none; an unknown code is dropped with a warning;
//   - place of performance: NUTS (BT-5071), postcode (BT-5121) and city
//     (BT-5131) of the first address, preferring a Belgian one. A postcode is
//     kept only for a Belgian place (country BEL or no country) and must be
//     a Belgian postcode, else it is dropped with a warning. A Belgian NUTS
//     code must be in the eForms list nuts-bel-lvl3 (or a prefix of one);
//     foreign NUTS codes are kept as given;
//   - estimated value (BT-27) in EUR; another currency is dropped with a
//     warning; the procedure's value serves a notice with one lot;
//   - start and end (BT-536, BT-537); an end computed from the start and
//     the duration (BT-36) when only those are given;
//   - the tender deadline is the earliest deadline for tenders (BT-131) of
//     any lot, else the earliest deadline for requests to participate
//     (BT-1311), else for expressions of interest (BT-630).
//
// Social clauses per lot (see clause.go for the heuristics):
//
//   - BT-71 res-ws → koppel.ClauseReservedWS; res-pub-ser →
//     koppel.ClauseReservedPubSer; none → no clause;
//   - BT-736 yes → koppel.ClauseReservedExecution (no and not-known give
//     none);
//   - BT-06 soc-obj, or any BT-775 social objective → one social
//     objective (Objective true, kind koppel.ClauseExecutionCondition)
//     with the BT-775 codes as
//     SocialObjectives and the BT-777 description as text;
//   - an award criterion (BT-539/540) that is not about price and whose
//     name or description, in any of its languages, speaks of social aims
//     (social economy, target-group workers, inclusion, disadvantaged or
//     disabled workers, … in Dutch, French, English or German; phrases
//     such as "sécurité sociale" or "inclusief btw" do not count) →
//     koppel.ClauseAwardCriterion, with Weight when the weight (BT-541) is
//     a percentage (number-weight per-exa), else the weight in the text.
//     BT-06 soc-obj alone does not make a quality criterion social.
//
// Multilingual texts: the display text prefers Dutch (NLD), then French,
// then English, then the first language given; Notice.Texts keeps every
// language of every multilingual field.
//
// # Safety
//
// The notice is decoded as a stream of tokens (encoding/xml's
// Decoder.Token); only the subtree of one top-level element (one lot, the
// organisations, ...) is held at a time. Read refuses input over
// Options.MaxBytes (ETOOLARGE), any DOCTYPE or other <! declaration (so no
// entity can be defined, let alone expanded or fetched), nesting deeper
// than Options.MaxDepth and more than Options.MaxTokens tokens, and
// decodes only UTF-8, US-ASCII and ISO-8859-1.
package eforms

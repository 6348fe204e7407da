package koppel

import (
	"context"
	"time"
)

// Problem is one thing wrong with an imported file, located as precisely as
// the file allows. Problems are data, not errors: an import returns them in
// its report.
type Problem struct {
	File   string `json:"file,omitempty"`
	Sheet  string `json:"sheet,omitempty"`
	Row    int    `json:"row,omitempty"`    // 1-based, as the spreadsheet shows it
	Column string `json:"column,omitempty"` // column letter or header
	Value  string `json:"value,omitempty"`
	// Severity is "error" (the row was not imported) or "warning".
	Severity  string `json:"severity"`
	Message   string `json:"message_nl"`
	MessageEN string `json:"message_en,omitempty"`
	MessageFR string `json:"message_fr,omitempty"`
	// Text is the message in the language of the request that reads the
	// report (set by the server, never stored).
	Text string `json:"message,omitempty"`
}

// Has reports whether the problem has its message in lang ("nl", "fr",
// "en"); In falls back to Dutch when not.
func (p Problem) Has(lang string) bool {
	switch lang {
	case "fr":
		return p.MessageFR != ""
	case "en":
		return p.MessageEN != ""
	}
	return true
}

// In returns the problem's message in lang ("nl", "fr" or "en"): Dutch
// when the problem has none in lang (a report stored before it had).
func (p Problem) In(lang string) string {
	switch {
	case lang == "fr" && p.MessageFR != "":
		return p.MessageFR
	case lang == "en" && p.MessageEN != "":
		return p.MessageEN
	}
	return p.Message
}

// Problem severities.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// ImportReport records one import: what was read, what was stored and what
// was wrong.
type ImportReport struct {
	ID         string `json:"id"`
	Kind       string `json:"kind"` // catalogue, tenders
	Enterprise KBO    `json:"enterprise,omitempty"`
	File       string `json:"file"`
	Mode       string `json:"mode,omitempty"` // replace, merge
	DryRun     bool   `json:"dry_run"`
	// Status is "imported", "dry_run" (checked, nothing written) or
	// "rejected" (nothing written; Problems say why). "started" is stored
	// before an import writes anything and replaced when it ends: "failed"
	// when it stopped without writing (the client left, the store
	// failed); a report left "started" is of an import cut off by a crash.
	Status string `json:"status"`
	// Annotated is true when the workbook with its problem cells marked can
	// be downloaded.
	Annotated bool      `json:"annotated,omitempty"`
	Rows      int       `json:"rows"` // data rows read
	Created   int       `json:"created"`
	Updated   int       `json:"updated"`
	Unchanged int       `json:"unchanged"`
	Removed   int       `json:"removed"`
	Rejected  int       `json:"rejected"`
	Problems  []Problem `json:"problems"`
	// ProblemsOmitted counts the problems left out of Problems beyond the
	// importer's limit; the last problem then says so.
	ProblemsOmitted int `json:"problems_omitted,omitempty"`
	// RemovedOfferings names the offerings the import removed (or, in a
	// dry run, would remove), the first MaxRemovedListed in code order;
	// Removed is the full count.
	RemovedOfferings []RemovedOffering `json:"removed_offerings,omitempty"`
	// IgnoredColumns are headers the importer did not recognise.
	IgnoredColumns []string  `json:"ignored_columns,omitempty"`
	StartedAt      time.Time `json:"started_at"`
	FinishedAt     time.Time `json:"finished_at"`

	// Profile says what the import did to the enterprise's profile:
	// "created", "updated" or "unchanged" ("" when nothing was written).
	Profile string `json:"profile,omitempty"`
	// UndoOf is set on the report of an undo: the import whose previous
	// catalogue was put back.
	UndoOf string `json:"undo_of,omitempty"`
	// ExpiresAt is when the report and its annotated workbook are deleted;
	// zero for reports stored before reports expired (they expire by
	// FinishedAt and the server's retention).
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// RemovedOffering names an offering that an import removes from a
// catalogue.
type RemovedOffering struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// MaxRemovedListed bounds ImportReport.RemovedOfferings, so that a report
// stays small whatever the size of the catalogue it replaced.
const MaxRemovedListed = 50

// ImportReportService stores import reports.
type ImportReportService interface {
	// PutImportReport stores a report.
	PutImportReport(ctx context.Context, r *ImportReport) error
	// FindImportReport returns ENOTFOUND if there is no report with the
	// ID, or it has expired.
	FindImportReport(ctx context.Context, id string) (*ImportReport, error)
}

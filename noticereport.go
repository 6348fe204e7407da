package koppel

import (
	"context"
	"maps"
	"slices"
	"time"
)

// NoticeReport records the import of a package of eForms notices (an
// archive or a directory): how many notices gave which result, and which
// were refused and why. It is stored while the import runs (Status
// running, counts so far) and when it ends.
type NoticeReport struct {
	ID string `json:"id"`
	// File is the package's name; Origin says how it came: cli, upload,
	// folder or fetch.
	File   string `json:"file"`
	Origin string `json:"origin"`
	// Status is running, done, or failed (the package could not be read
	// to its end; Error says why, the counts say what was imported before).
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
	// ErrorFR and ErrorEN are Error in French and English, written when
	// the import fails; empty when Koppel has the message only in Dutch
	// (and in reports stored before).
	ErrorFR string `json:"error_fr,omitempty"`
	ErrorEN string `json:"error_en,omitempty"`
	// Regions are the NUTS prefixes of the places of performance imported
	// (BE2: Flanders).
	Regions []string `json:"regions"`
	// Files counts the files read from the package; BytesRead of
	// BytesTotal of the package (as stored, compressed) are read (0 for a
	// directory).
	Files      int   `json:"files"`
	BytesRead  int64 `json:"bytes_read"`
	BytesTotal int64 `json:"bytes_total"`
	// Results counts the notices by what the tender import answered for
	// them: created, updated, unchanged, older, and any other result kind.
	Results map[string]int `json:"results"`
	// Refused counts the files not imported; Reasons groups them.
	Refused int                 `json:"refused"`
	Reasons []NoticeRefusalKind `json:"reasons,omitempty"`
	// Warnings counts the values dropped or guessed in imported notices.
	Warnings   int       `json:"warnings"`
	StartedAt  time.Time `json:"started_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
}

// NoticeRefusalKind is one reason files of a package were refused, with
// how many and the names of the first MaxRefusedFilesListed.
type NoticeRefusalKind struct {
	Reason  string   `json:"reason"`
	Message string   `json:"message_nl"`
	Count   int      `json:"count"`
	Files   []string `json:"files"`
	// MessageFR and MessageEN are Message in French and English; empty
	// when Koppel has it only in Dutch (and in reports stored before).
	MessageFR string `json:"message_fr,omitempty"`
	MessageEN string `json:"message_en,omitempty"`
}

// In is the reason's message in lang ("nl", "fr", "en") and true, or the
// Dutch message and false when it has none in lang.
func (k NoticeRefusalKind) In(lang string) (string, bool) {
	return textIn(lang, k.Message, k.MessageFR, k.MessageEN)
}

// LastErrorIn is LastError in lang and true, or the Dutch LastError and
// false when it has none in lang.
func (f FeedStatus) LastErrorIn(lang string) (string, bool) {
	return textIn(lang, f.LastError, f.LastErrorFR, f.LastErrorEN)
}

// ErrorIn is the report's Error in lang and true, or the Dutch Error and
// false when it has none in lang.
func (r *NoticeReport) ErrorIn(lang string) (string, bool) {
	return textIn(lang, r.Error, r.ErrorFR, r.ErrorEN)
}

func textIn(lang, nl, fr, en string) (string, bool) {
	switch {
	case lang == "fr" && fr != "":
		return fr, true
	case lang == "en" && en != "":
		return en, true
	}
	return nl, lang == "nl" || lang == ""
}

// MaxRefusedFilesListed bounds NoticeRefusalKind.Files.
const MaxRefusedFilesListed = 5

// Refuse counts one refused file under reason, keeping the message of the
// first (in Dutch only; see RefuseIn).
func (r *NoticeReport) Refuse(reason, message, file string) {
	r.RefuseIn(reason, file, message, "", "")
}

// RefuseIn counts one refused file under reason, keeping the message of
// the first in Dutch, French and English (fr or en empty: Dutch only).
func (r *NoticeReport) RefuseIn(reason, file, nl, fr, en string) {
	r.Refused++
	for i := range r.Reasons {
		k := &r.Reasons[i]
		if k.Reason == reason {
			k.Count++
			if len(k.Files) < MaxRefusedFilesListed {
				k.Files = append(k.Files, file)
			}
			return
		}
	}
	r.Reasons = append(r.Reasons, NoticeRefusalKind{Reason: reason, Message: nl, MessageFR: fr, MessageEN: en, Count: 1, Files: []string{file}})
}

// Imported is the number of notices that were imported, whatever their
// result.
func (r *NoticeReport) Imported() int {
	n := 0
	for _, c := range r.Results {
		n += c
	}
	return n
}

// NoticeReportService stores the reports of notice packages.
type NoticeReportService interface {
	// PutNoticeReport stores a report, replacing one with its ID.
	PutNoticeReport(ctx context.Context, r *NoticeReport) error
	// FindNoticeReport returns ENOTFOUND when there is no such report.
	FindNoticeReport(ctx context.Context, id string) (*NoticeReport, error)
	// NoticeReports returns the newest n reports, newest first.
	NoticeReports(ctx context.Context, n int) ([]*NoticeReport, error)
}

// FeedStatus says how the notice feed of a running server fares: the
// folder it watches, the source it fetches from, and the last fetch.
type FeedStatus struct {
	Dir   string        `json:"dir,omitempty"`
	URL   string        `json:"url,omitempty"`
	Every time.Duration `json:"every,omitempty"`
	// LastFetch is the start of the last fetch, LastSuccess of the last
	// one that succeeded; LastError says why the last one failed ("" when
	// it succeeded).
	LastFetch   time.Time `json:"last_fetch,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
	// LastErrorFR and LastErrorEN are LastError in French and English;
	// empty when Koppel has it only in Dutch.
	LastErrorFR string `json:"last_error_fr,omitempty"`
	LastErrorEN string `json:"last_error_en,omitempty"`
	// Failures counts the fetches that failed in a row, FailuresTotal all
	// since the start; Packages the packages imported from the folder
	// and the source.
	Failures      int `json:"failures"`
	FailuresTotal int `json:"failures_total"`
	Packages      int `json:"packages"`
}

// Clone returns a copy of r that shares nothing with it, for handing a
// running import's report to another goroutine.
func (r *NoticeReport) Clone() *NoticeReport {
	c := *r
	c.Regions = slices.Clone(r.Regions)
	c.Results = maps.Clone(r.Results)
	c.Reasons = slices.Clone(r.Reasons)
	for i := range c.Reasons {
		c.Reasons[i].Files = slices.Clone(r.Reasons[i].Files)
	}
	return &c
}

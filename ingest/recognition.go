package ingest

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"time"

	"koppel"
	"koppel/i18n"
	"koppel/importers"
)

// RecognitionStore is what a register import reads and writes.
type RecognitionStore interface {
	FindEnterpriseByKBO(ctx context.Context, kbo koppel.KBO) (*koppel.Enterprise, error)
	koppel.RecognitionService
}

// RecognitionRequest is one upload of the recognition register.
type RecognitionRequest struct {
	File string
	Data []byte
}

// Recognitions imports the recognition register and replaces the stored
// one with it, at once. Rows with an invalid value and rows whose company
// number is no enterprise in Koppel are left out and reported (row, column,
// reason) in the register's Problems. Returns EINVALID or ETOOLARGE for a
// file that cannot be read: the stored register then stays as it was.
func (im *Importer) Recognitions(ctx context.Context, rs RecognitionStore, req RecognitionRequest) (*koppel.RecognitionRegister, error) {
	rf, err := importers.ReadRecognitions(ctx, req.File, bytes.NewReader(req.Data), importers.Options{MaxFileSize: im.MaxFileSize})
	if err != nil {
		return nil, err
	}
	reg := &koppel.RecognitionRegister{
		File: req.File, ImportedAt: time.Now().UTC(), Rows: rf.Rows, Rejected: rf.Rejected,
		Entries: []koppel.RegisteredRecognition{}, Problems: rf.Problems,
	}
	known := map[koppel.KBO]bool{}
	for _, e := range rf.Entries {
		ok, checked := known[e.KBO]
		if !checked {
			_, err := rs.FindEnterpriseByKBO(ctx, e.KBO)
			switch {
			case err == nil:
				ok = true
			case koppel.ErrorCode(err) != koppel.ENOTFOUND:
				return nil, err
			}
			known[e.KBO] = ok
		}
		if !ok {
			reg.Rejected++
			reg.Problems = append(reg.Problems, i18n.Problem(koppel.Problem{
				File: rf.File, Sheet: rf.Sheet, Row: e.Row, Column: rf.KBOColumn, Value: e.KBO.String(),
				Severity: koppel.SeverityError,
			}, "import.register_enterprise_unknown", "KBO", e.KBO.String()))
			continue
		}
		reg.Entries = append(reg.Entries, e)
	}
	// Problems in row order; those of the header and the file (row 0) first.
	slices.SortStableFunc(reg.Problems, func(a, b koppel.Problem) int { return cmp.Compare(a.Row, b.Row) })
	if err := rs.ReplaceRecognitionRegister(ctx, reg); err != nil {
		return nil, err
	}
	return reg, nil
}

// recognitionWarnings are the warnings of a catalogue import about the
// recognitions the enterprise declares (in the file's Onderneming sheet,
// else as stored) that contradict the recognition register. None when the
// store keeps no register.
func (im *Importer) recognitionWarnings(ctx context.Context, rep *koppel.ImportReport, cat *importers.Catalogue) []koppel.Problem {
	rs, ok := im.Store.(koppel.RecognitionService)
	if !ok {
		return nil
	}
	reg, err := rs.RecognitionRegister(ctx)
	if err != nil || len(reg.For(rep.Enterprise)) == 0 {
		return nil
	}
	declared := cat.Enterprise
	if declared == nil {
		if declared, err = im.Store.FindEnterpriseByKBO(ctx, rep.Enterprise); err != nil {
			return nil
		}
	}
	var out []koppel.Problem
	for _, c := range reg.Conflicts(declared) {
		say := func(l i18n.Lang) string {
			return ConflictText(l, c) + " " + i18n.T(l, "imports.recognition_conflict_register_used")
		}
		p := koppel.Problem{
			File: rep.File, Sheet: "Onderneming", Column: "Werkvormen en erkenning", Value: c.Form.Label(),
			Severity: koppel.SeverityWarning,
			Message:  say(i18n.NL), MessageFR: say(i18n.FR), MessageEN: say(i18n.EN),
		}
		if cat.EnterpriseSheet != "" { // where the file has it, as it has it
			p.Sheet, p.Row = cat.EnterpriseSheet, cat.FormsRow
			if cat.FormsColumn != "" {
				p.Column = cat.FormsColumn
			}
		}
		out = append(out, p)
	}
	return out
}

// RegisterConflicts lists, for every enterprise in the register, the
// self-declared recognitions that contradict it (for the admin).
func RegisterConflicts(ctx context.Context, rs RecognitionStore, reg *koppel.RecognitionRegister) ([]koppel.RecognitionConflict, error) {
	out := []koppel.RecognitionConflict{}
	var last koppel.KBO
	for _, en := range reg.Entries {
		if en.KBO == last {
			continue
		}
		last = en.KBO
		e, err := rs.FindEnterpriseByKBO(ctx, en.KBO)
		if koppel.ErrorCode(err) == koppel.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, reg.Conflicts(e)...)
	}
	return out, nil
}

package server

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/ingest"
	"koppel/match"
)

// supplierPage is the Mijn aanbod page: the template, the upload form, the
// last import report and the current catalogue.
type supplierPage struct {
	E         *koppel.Enterprise
	KBO       koppel.KBO
	Offerings []offeringView
	Report    *koppel.ImportReport
	// RemovedMore is how many removed offerings the report counts but does
	// not name.
	RemovedMore int
	// Pending is the ID of the upload whose preview Report is, waiting for
	// Doorgaan or Annuleren.
	Pending string
	Tenders *match.EnterpriseTenders // the open tenders that fit
	Error   string
	Notice  string
	// Conflicts are the declared recognitions the register contradicts.
	Conflicts []koppel.RecognitionConflict
	// Undo offers to put back the catalogue from before Report.
	Undo bool
	// Won are the lots the enterprise won (see Outcome).
	Won []wonLot
}

// supplierKBO is the enterprise whose catalogue the caller manages: its
// own for a supplier, the one in ?kbo= for an admin.
func supplierKBO(c *gin.Context) (koppel.KBO, error) {
	p := caller(c)
	if p.role() == koppel.RoleSupplier {
		return p.Token.Enterprise, nil
	}
	return koppel.ParseKBO(firstNonEmpty(c.Query("kbo"), c.PostForm("kbo")))
}

// errChooseEnterprise answers an admin on the supplier's page who has not
// chosen the enterprise to manage.
func errChooseEnterprise() error {
	return koppel.Errorf(koppel.EINVALID, "kies eerst een onderneming: zoek ze op bij Ondernemingen en kies op haar pagina 'Aanbod en gegevens van deze onderneming beheren'").WithKey("error.choose_enterprise_first")
}

func (s *Server) handleSupplierPage(c *gin.Context) {
	kbo, err := supplierKBO(c)
	if err != nil {
		s.writeError(c, errChooseEnterprise())
		return
	}
	s.renderSupplier(c, http.StatusOK, supplierPage{KBO: kbo})
}

// renderSupplier fills in the enterprise, its catalogue and the tenders
// that fit, and writes the page.
func (s *Server) renderSupplier(c *gin.Context, status int, data supplierPage) {
	ctx := c.Request.Context()
	kbo := data.KBO
	if rep := data.Report; rep != nil {
		data.Report = localReport(lang(c), rep)
		data.RemovedMore = rep.Removed - len(rep.RemovedOfferings)
		// An upload that changed nothing has nothing to put back: no button
		// that would only look like one more thing to worry about.
		changedNothing := rep.Created == 0 && rep.Updated == 0 && rep.Removed == 0 && rep.Profile == "unchanged"
		data.Undo = !changedNothing && s.canUndo(c, rep)
	}
	if e, err := s.Enterprises.FindEnterpriseByKBO(ctx, kbo); err == nil {
		data.E = e
		if data.Conflicts, err = s.declaredConflicts(ctx, e); err != nil {
			s.writeError(c, err)
			return
		}
		offs, err := s.Offerings.FindOfferingsByEnterprise(ctx, kbo)
		if err != nil {
			s.writeError(c, err)
			return
		}
		for _, o := range offs {
			data.Offerings = append(data.Offerings, s.offeringView(lang(c), o))
		}
		if len(offs) > 0 {
			if data.Tenders, err = s.Matcher.TendersForEnterprise(ctx, kbo, match.Options{Size: 10}); err != nil {
				s.writeError(c, err)
				return
			}
		}
	} else if koppel.ErrorCode(err) != koppel.ENOTFOUND {
		s.writeError(c, err)
		return
	}
	if s.Outcomes != nil {
		var err error
		if data.Won, err = s.wonOutcomes(c, kbo); err != nil {
			s.writeError(c, err)
			return
		}
	}
	s.render(c, status, "supplier", tr(c, "nav.my_offer"), data)
}

// handleSupplierUpload imports the uploaded catalogue and shows the report
// on the same page. Adding and updating (merge) is the default. A replace
// is first only checked: the page shows what it would remove and asks to
// go on, and the file waits in the store (see handleSupplierConfirm), so
// that nothing is removed that the user has not seen.
func (s *Server) handleSupplierUpload(c *gin.Context) {
	kbo, err := supplierKBO(c)
	if err != nil {
		s.writeError(c, errChooseEnterprise())
		return
	}
	name, data, err := s.readUploadedFile(c)
	if err != nil {
		if koppel.ErrorCode(err) == koppel.EINTERNAL {
			s.writeError(c, err)
			return
		}
		s.renderSupplier(c, http.StatusBadRequest, supplierPage{KBO: kbo, Error: s.userMessage(c, err)})
		return
	}
	replace := c.PostForm("mode") == "replace"
	checkOnly := c.PostForm("dry_run") == "true"
	rep := s.importOnPage(c, kbo, ingest.CatalogueRequest{KBO: kbo, File: name, Data: data, Merge: !replace, DryRun: checkOnly || replace, Lang: lang(c)})
	if rep == nil {
		return
	}
	page := supplierPage{KBO: kbo, Report: rep}
	if replace && !checkOnly && rep.Status == "dry_run" {
		p := &koppel.PendingUpload{ID: randomID(), Enterprise: kbo, Owner: caller(c).Token.ID, File: name, Removed: rep.Removed, Data: data, CreatedAt: time.Now().UTC()}
		if err := s.Imports.PutPendingUpload(c.Request.Context(), p); err != nil {
			s.writeError(c, err)
			return
		}
		page.Pending = p.ID
	}
	s.renderSupplier(c, http.StatusOK, page)
}

// handleSupplierConfirm applies the replace that the caller previewed: the
// very file kept with the preview, which may remove every service (the
// preview said how many would go, and the caller chose Doorgaan), but no
// more than the preview showed: when the catalogue grew meanwhile, nothing
// changes and the caller is asked to look again.
func (s *Server) handleSupplierConfirm(c *gin.Context) {
	kbo, p, ok := s.pendingUpload(c)
	if !ok {
		return
	}
	check := func(got ingest.CatalogueCounts) error {
		if got.Removed > p.Removed {
			return koppel.Errorf(koppel.ECONFLICT, "Uw aanbod is gewijzigd sinds het voorbeeld: nu zouden %d %s verwijderd worden in plaats van %d. Er is niets gewijzigd; laad het bestand opnieuw op om het nieuwe voorbeeld te zien.", got.Removed, plural(got.Removed, "dienst", "diensten"), p.Removed).WithKey("error.preview_changed", "N", got.Removed, "Was", p.Removed)
		}
		return nil
	}
	rep := s.importOnPage(c, kbo, ingest.CatalogueRequest{KBO: kbo, File: p.File, Data: p.Data, AllowEmpty: true, Check: check, Lang: lang(c)})
	if rep == nil {
		return
	}
	if err := s.Imports.DeletePendingUpload(c.Request.Context(), kbo, p.Owner, p.ID); err != nil {
		// It expires within the hour anyway.
		s.logger().Warn("delete a confirmed pending upload", "kbo", kbo, "err", err, "request_id", requestID(c))
	}
	s.renderSupplier(c, http.StatusOK, supplierPage{KBO: kbo, Report: rep})
}

// handleSupplierCancel forgets a previewed replace; the catalogue stays as
// it is.
func (s *Server) handleSupplierCancel(c *gin.Context) {
	kbo, p, ok := s.pendingUpload(c)
	if !ok {
		return
	}
	if err := s.Imports.DeletePendingUpload(c.Request.Context(), kbo, p.Owner, p.ID); err != nil {
		s.writeError(c, err)
		return
	}
	s.renderSupplier(c, http.StatusOK, supplierPage{KBO: kbo, Notice: tr(c, "supplier.cancelled", "File", p.File)})
}

// pendingUpload finds the upload named by the form's "upload" field, of
// the caller's enterprise and made by the caller's token. When it returns
// false it has answered.
func (s *Server) pendingUpload(c *gin.Context) (koppel.KBO, *koppel.PendingUpload, bool) {
	kbo, err := supplierKBO(c)
	if err != nil {
		s.writeError(c, errChooseEnterprise())
		return "", nil, false
	}
	p, err := s.Imports.FindPendingUpload(c.Request.Context(), kbo, caller(c).Token.ID, c.PostForm("upload"))
	if err != nil {
		if koppel.ErrorCode(err) == koppel.ENOTFOUND {
			s.renderSupplier(c, http.StatusGone, supplierPage{KBO: kbo, Error: tr(c, "supplier.preview_expired")})
		} else {
			s.writeError(c, err)
		}
		return "", nil, false
	}
	return kbo, p, true
}

// importOnPage runs a catalogue import for the page. On failure it has
// answered (the page with the message above the form, or an error page)
// and returns nil.
func (s *Server) importOnPage(c *gin.Context, kbo koppel.KBO, req ingest.CatalogueRequest) *koppel.ImportReport {
	rep, err := s.Importer.Catalogue(c.Request.Context(), req)
	if err != nil {
		s.CountImport("catalogue", "failed")
		if code := koppel.ErrorCode(err); code == koppel.EINVALID || code == koppel.ETOOLARGE || code == koppel.ECONFLICT {
			s.renderSupplier(c, statusByCode[code], supplierPage{KBO: kbo, Error: s.userMessage(c, err)})
			return nil
		}
		s.writeError(c, err)
		return nil
	}
	s.CountImport("catalogue", rep.Status)
	s.notifyCatalogue(c.Request.Context(), rep)
	return rep
}

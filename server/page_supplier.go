package server

import (
	"net/http"

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
	Tenders   *match.EnterpriseTenders // the open tenders that fit
	Error     string
	// Undo offers to put back the catalogue from before Report.
	Undo bool
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

func (s *Server) handleSupplierPage(c *gin.Context) {
	kbo, err := supplierKBO(c)
	if err != nil {
		s.writeError(c, koppel.Errorf(koppel.EINVALID, "kies een onderneming: /mijn-aanbod?kbo=0123456749"))
		return
	}
	s.renderSupplier(c, http.StatusOK, kbo, nil, "")
}

func (s *Server) renderSupplier(c *gin.Context, status int, kbo koppel.KBO, rep *koppel.ImportReport, msg string) {
	ctx := c.Request.Context()
	data := supplierPage{KBO: kbo, Report: rep, Error: msg}
	data.Undo = rep != nil && s.canUndo(c, rep)
	if e, err := s.Enterprises.FindEnterpriseByKBO(ctx, kbo); err == nil {
		data.E = e
		offs, err := s.Offerings.FindOfferingsByEnterprise(ctx, kbo)
		if err != nil {
			s.writeError(c, err)
			return
		}
		for _, o := range offs {
			data.Offerings = append(data.Offerings, s.offeringView(o))
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
	s.render(c, status, "supplier", "Mijn aanbod", data)
}

// handleSupplierUpload imports the uploaded catalogue and shows the report
// on the same page.
func (s *Server) handleSupplierUpload(c *gin.Context) {
	kbo, err := supplierKBO(c)
	if err != nil {
		s.writeError(c, koppel.Errorf(koppel.EINVALID, "kies een onderneming"))
		return
	}
	name, data, err := s.readUploadedFile(c)
	if err != nil {
		if koppel.ErrorCode(err) == koppel.EINTERNAL {
			s.writeError(c, err)
			return
		}
		s.renderSupplier(c, http.StatusBadRequest, kbo, nil, koppel.ErrorMessage(err))
		return
	}
	rep, err := s.Importer.Catalogue(c.Request.Context(), ingest.CatalogueRequest{KBO: kbo, File: name, Data: data, Merge: c.PostForm("mode") == "merge", DryRun: c.PostForm("dry_run") == "true"})
	if err != nil {
		s.CountImport("catalogue", "failed")
		if code := koppel.ErrorCode(err); code == koppel.EINVALID || code == koppel.ETOOLARGE {
			s.renderSupplier(c, http.StatusBadRequest, kbo, nil, koppel.ErrorMessage(err))
			return
		}
		s.writeError(c, err)
		return
	}
	s.CountImport("catalogue", rep.Status)
	s.renderSupplier(c, http.StatusOK, kbo, rep, "")
}

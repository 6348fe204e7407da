package server

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strconv"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/i18n"
	"koppel/importers"
	"koppel/ingest"
)

// ImportStore reads import reports and their annotated workbooks, and keeps
// the uploads that wait for a confirmation on the Mijn aanbod page.
type ImportStore interface {
	FindImportReport(ctx context.Context, id string) (*koppel.ImportReport, error)
	FindImportFile(ctx context.Context, id string) ([]byte, error)
	PutPendingUpload(ctx context.Context, p *koppel.PendingUpload) error
	// FindPendingUpload returns ENOTFOUND unless id, enterprise and owner
	// all match a pending upload that has not expired.
	FindPendingUpload(ctx context.Context, kbo koppel.KBO, owner, id string) (*koppel.PendingUpload, error)
	DeletePendingUpload(ctx context.Context, kbo koppel.KBO, owner, id string) error
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func (s *Server) catalogueRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/catalogue/template.xlsx", Summary: "The catalogue template spreadsheet", Tag: "catalogue", ContentType: xlsxType, Handler: s.handleTemplate},
		{Method: "POST", Path: "/api/v1/enterprises/:kbo/catalogue", Summary: "Upload a catalogue spreadsheet (multipart field file). The default mode=replace removes the services that are not in the file; mode=merge only adds and updates. A replace that would remove every service is refused with 409 unless confirm_remove_all=true", Tag: "catalogue",
			Roles: supplierAdmin, Body: bodyUpload, Rate: rateWrite, Response: koppel.ImportReport{},
			Query: []param{
				{Name: "mode", In: "query", Type: "string", Description: "replace (the default): the file is the whole catalogue, services whose code is not in it are removed; merge: add and update only, keep the others"},
				{Name: "dry_run", In: "query", Type: "boolean", Description: "check only, change nothing; the report counts and names what would be removed"},
				{Name: "confirm_remove_all", In: "query", Type: "boolean", Description: "true to let a replace remove every current service (without it such an upload answers 409 and changes nothing)"},
			},
			Handler: s.handleCatalogueUpload},
		{Method: "GET", Path: "/api/v1/imports/:id", Summary: "An import report", Tag: "catalogue", Roles: anyRole, Response: koppel.ImportReport{}, Handler: s.handleImportReport},
		{Method: "GET", Path: "/api/v1/imports/:id/annotated.xlsx", Summary: "The uploaded workbook with its problem cells marked", Tag: "catalogue", Roles: anyRole, ContentType: xlsxType, Handler: s.handleImportAnnotated},
	}
}

// templateFileNames are the catalogue template's file names per language.
var templateFileNames = map[i18n.Lang]string{i18n.NL: "koppel-aanbod-sjabloon.xlsx", i18n.FR: "koppel-modele-offre.xlsx", i18n.EN: "koppel-offering-template.xlsx"}

// handleTemplate sends the catalogue template in the request's language.
func (s *Server) handleTemplate(c *gin.Context) {
	var buf bytes.Buffer
	l := lang(c)
	if err := importers.WriteCatalogueTemplateIn(&buf, s.Importer.Ref, l); err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+templateFileNames[l]+`"`)
	c.Data(http.StatusOK, xlsxType, buf.Bytes())
}

// handleCatalogueUpload imports a catalogue. The answer comes once the new
// catalogue is searchable. A report that rejected the whole file is 422.
func (s *Server) handleCatalogueUpload(c *gin.Context) {
	kbo, err := koppel.ParseKBO(c.Param("kbo"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	if !ownsEnterprise(caller(c), kbo) {
		s.forbidden(c, "catalogue", kbo.String())
		return
	}
	req := ingest.CatalogueRequest{KBO: kbo, Lang: lang(c)}
	mode := firstNonEmpty(c.PostForm("mode"), c.Query("mode"))
	switch mode {
	case "", "replace":
	case "merge":
		req.Merge = true
	default:
		s.writeError(c, koppel.Errorf(koppel.EINVALID, "kies of het bestand de catalogus vervangt (replace) of aanvult (merge), niet %q", mode).WithKey("error.catalogue_mode", "Value", mode))
		return
	}
	for _, f := range []struct {
		name string
		v    *bool
	}{{"dry_run", &req.DryRun}, {"confirm_remove_all", &req.AllowEmpty}} {
		if v := firstNonEmpty(c.PostForm(f.name), c.Query(f.name)); v != "" {
			if *f.v, err = strconv.ParseBool(v); err != nil {
				s.writeError(c, koppel.Errorf(koppel.EINVALID, "%s %q: gebruik true of false", f.name, v).WithKey("error.api_bool_param", "Name", f.name, "Value", v))
				return
			}
		}
	}
	if req.File, req.Data, err = s.readUploadedFile(c); err != nil {
		s.writeError(c, err)
		return
	}
	rep, err := s.Importer.Catalogue(c.Request.Context(), req)
	if err != nil {
		s.CountImport("catalogue", "failed")
		if errors.Is(err, ingest.ErrRemovesAll) {
			err = koppel.Errorf(koppel.ECONFLICT, "%s. Er is niets gewijzigd. Wilt u echt alle diensten verwijderen, stuur dan confirm_remove_all=true mee; met mode=merge blijven diensten die niet in het bestand staan behouden.", koppel.ErrorMessage(err)).
				WithKey("error.removes_all_api", "Reason", err)
		}
		s.writeError(c, err)
		return
	}
	s.CountImport("catalogue", rep.Status)
	s.notifyCatalogue(c.Request.Context(), rep)
	status := http.StatusOK
	if rep.Status == "rejected" {
		status = http.StatusUnprocessableEntity
	}
	c.JSON(status, localReport(lang(c), rep))
}

// readUploadedFile returns the uploaded file: the multipart field "file",
// or the raw body with its own Content-Type.
func (s *Server) readUploadedFile(c *gin.Context) (name string, data []byte, err error) {
	ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if ct == "multipart/form-data" {
		fh, err := c.FormFile("file")
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", nil, err
			}
			return "", nil, koppel.Errorf(koppel.EINVALID, "stuur het bestand in het formulierveld \"file\"").WithKey("error.upload_field")
		}
		f, err := fh.Open()
		if err != nil {
			return "", nil, koppel.Errorf(koppel.EINVALID, "het bestand kon niet gelezen worden").WithKey("error.upload_unreadable")
		}
		defer f.Close()
		data, err = ingest.ReadAll(f, s.MaxUploadBytes)
		return filepath.Base(fh.Filename), data, err
	}
	data, err = io.ReadAll(c.Request.Body)
	if err != nil {
		return "", nil, err
	}
	if len(data) == 0 {
		return "", nil, koppel.Errorf(koppel.EINVALID, "het verzoek bevat geen bestand").WithKey("error.upload_missing")
	}
	name = "upload"
	if exts, _ := mime.ExtensionsByType(ct); len(exts) > 0 {
		name += exts[0]
	}
	if ct == xlsxType {
		name = "upload.xlsx"
	}
	return name, data, nil
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// findOwnImport returns the report when the caller may see it: the
// supplier of its enterprise, or an admin. Others get 404.
func (s *Server) findOwnImport(c *gin.Context) (*koppel.ImportReport, error) {
	rep, err := s.Imports.FindImportReport(c.Request.Context(), c.Param("id"))
	if err != nil {
		return nil, err
	}
	if !ownsEnterprise(caller(c), rep.Enterprise) {
		return nil, koppel.Errorf(koppel.ENOTFOUND, "importverslag %q niet gevonden", c.Param("id")).WithKey("error.import_report_not_found", "ID", c.Param("id"))
	}
	return rep, nil
}

func (s *Server) handleImportReport(c *gin.Context) {
	rep, err := s.findOwnImport(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localReport(lang(c), rep))
}

func (s *Server) handleImportAnnotated(c *gin.Context) {
	rep, err := s.findOwnImport(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	data, err := s.Imports.FindImportFile(c.Request.Context(), rep.ID)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+tr(c, "imports.export_file.problems")+"-"+rep.ID+`.xlsx"`)
	c.Data(http.StatusOK, xlsxType, data)
}

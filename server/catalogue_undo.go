package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"koppel"
)

func (s *Server) catalogueUndoRoutes() []route {
	return []route{
		{Method: "POST", Path: "/api/v1/imports/:id/undo", Summary: "Put back the catalogue as it was before this import (itself recorded as an import, which can be undone)", Tag: "catalogue",
			Roles: supplierAdmin, Rate: rateWrite, Response: koppel.ImportReport{}, Handler: s.handleImportUndo},
		{Method: "POST", Path: "/mijn-aanbod/terugzetten", Summary: "Supplier page: put back the catalogue from before an import (form field import)", Page: true,
			Roles: supplierAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleSupplierUndo},
	}
}

// handleImportUndo puts back the catalogue from before an import. Someone
// else's import answers 404, like its report; an import that kept nothing
// (a dry run, the first upload, one past the retention) 404 too.
func (s *Server) handleImportUndo(c *gin.Context) {
	rep, err := s.findOwnImport(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	undo, err := s.Importer.Undo(c.Request.Context(), rep)
	if err != nil {
		s.CountImport("catalogue", "failed")
		s.writeError(c, err)
		return
	}
	s.CountImport("catalogue", undo.Status)
	c.JSON(http.StatusOK, undo)
}

// handleSupplierUndo is the button "Zet de vorige versie terug" under an
// import report: it puts the catalogue back and shows the undo's report.
func (s *Server) handleSupplierUndo(c *gin.Context) {
	ctx := c.Request.Context()
	id := c.PostForm("import")
	rep, err := s.Imports.FindImportReport(ctx, id)
	if err == nil && !ownsEnterprise(caller(c), rep.Enterprise) {
		err = koppel.Errorf(koppel.ENOTFOUND, "importverslag %q niet gevonden", id).WithKey("error.import_report_not_found", "ID", id)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	undo, err := s.Importer.Undo(ctx, rep)
	if err != nil {
		s.CountImport("catalogue", "failed")
		if code := koppel.ErrorCode(err); code == koppel.ENOTFOUND || code == koppel.ECONFLICT {
			s.renderSupplier(c, http.StatusConflict, supplierPage{KBO: rep.Enterprise, Error: s.userMessage(c, err)})
			return
		}
		s.writeError(c, err)
		return
	}
	s.CountImport("catalogue", undo.Status)
	s.renderSupplier(c, http.StatusOK, supplierPage{KBO: rep.Enterprise, Report: undo})
}

// canUndo reports whether the catalogue from before import rep is kept,
// so that the page offers to put it back.
func (s *Server) canUndo(c *gin.Context, rep *koppel.ImportReport) bool {
	_, err := s.Importer.UndoVersion(c.Request.Context(), rep)
	return err == nil
}

package server

import (
	"github.com/gin-gonic/gin"

	"koppel"
)

func (s *Server) catalogueExportRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/enterprises/:kbo/catalogue.xlsx", Summary: "The enterprise's current profile and catalogue as a template spreadsheet, to edit and upload again", Tag: "catalogue",
			Roles: supplierAdmin, ContentType: xlsxType, Handler: s.handleCatalogueExport},
	}
}

// handleCatalogueExport streams the current catalogue as a workbook. The
// offerings are read before the first byte is sent, so a failure still
// gets an error answer.
func (s *Server) handleCatalogueExport(c *gin.Context) {
	kbo, err := koppel.ParseKBO(c.Param("kbo"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	if !ownsEnterprise(caller(c), kbo) {
		s.writeError(c, koppel.Errorf(koppel.EFORBIDDEN, "u mag de catalogus van onderneming %s niet downloaden", kbo).WithKey("error.api_catalogue_forbidden", "KBO", kbo.String()))
		return
	}
	c.Header("Content-Type", xlsxType)
	c.Header("Content-Disposition", `attachment; filename="`+tr(c, "imports.export_file.offerings")+"-"+string(kbo)+`.xlsx"`)
	err = s.Importer.ExportCatalogueIn(c.Request.Context(), kbo, lang(c), c.Writer)
	if err != nil && !c.Writer.Written() {
		c.Writer.Header().Del("Content-Disposition")
		s.writeError(c, err)
		return
	}
	if err != nil {
		s.logger().Warn("catalogue export cut short", "kbo", kbo, "err", err)
	}
}

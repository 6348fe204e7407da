package server

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/i18n"
	"koppel/ingest"
)

// RecognitionView is the register as the admin API and page show it: the
// register with its import report, and the self-declared recognitions that
// contradict it.
type RecognitionView struct {
	*koppel.RecognitionRegister
	Conflicts []koppel.RecognitionConflict `json:"conflicts"`
}

// recognitionRoutes are the recognition register's routes: admins only.
func (s *Server) recognitionRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/admin/recognitions", Summary: "The register of verified recognitions, its import report and the declarations that contradict it (admin)", Tag: "operations",
			Roles: adminOnly, Response: RecognitionView{}, Handler: s.handleRecognitions},
		{Method: "POST", Path: "/api/v1/admin/recognitions", Summary: "Replace the register of verified recognitions with an xlsx or CSV file (multipart file, or the raw body) (admin)", Tag: "operations",
			Roles: adminOnly, Body: bodyUpload, Rate: rateWrite, Response: RecognitionView{}, Handler: s.handleRecognitionsUpload},
		{Method: "GET", Path: "/beheer/erkenningen", Summary: "Admin page: the recognition register", Page: true, Roles: adminOnly, Handler: s.handleRecognitionsPage},
		{Method: "POST", Path: "/beheer/erkenningen", Summary: "Admin page: upload the recognition register (form)", Page: true, Roles: adminOnly, Body: bodyUpload, Rate: rateWrite, Handler: s.handleRecognitionsPageUpload},
	}
}

// errNoRegister answers the register's routes of a server without one.
var errNoRegister = koppel.Errorf(koppel.EUNAVAILABLE, "het erkenningsregister is op deze server niet beschikbaar").WithKey("error.api_no_register")

// recognitionView reads the register and its conflicts.
func (s *Server) recognitionView(ctx context.Context, reg *koppel.RecognitionRegister) (*RecognitionView, error) {
	if s.Recognitions == nil {
		return nil, errNoRegister
	}
	if reg == nil {
		var err error
		if reg, err = s.Recognitions.RecognitionRegister(ctx); err != nil {
			return nil, err
		}
	}
	conflicts, err := ingest.RegisterConflicts(ctx, s.Recognitions, reg)
	if err != nil {
		return nil, err
	}
	local := *reg // its problems in the reader's language
	local.Problems = localProblems(i18n.From(ctx), reg.Problems)
	return &RecognitionView{RecognitionRegister: &local, Conflicts: ingest.Localize(i18n.From(ctx), conflicts)}, nil
}

func (s *Server) handleRecognitions(c *gin.Context) {
	v, err := s.recognitionView(c.Request.Context(), nil)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// handleRecognitionsUpload replaces the register. A file that cannot be
// read is 400 and leaves the register as it was; rows with problems are in
// the answer's problems.
func (s *Server) handleRecognitionsUpload(c *gin.Context) {
	if s.Recognitions == nil {
		s.writeError(c, errNoRegister)
		return
	}
	name, data, err := s.readUploadedFile(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	reg, err := s.Importer.Recognitions(c.Request.Context(), s.Recognitions, ingest.RecognitionRequest{File: name, Data: data})
	if err != nil {
		s.CountImport("recognitions", "failed")
		s.writeError(c, err)
		return
	}
	s.CountImport("recognitions", "imported")
	v, err := s.recognitionView(c.Request.Context(), reg)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// recognitionsPage is the admin page of the register.
type recognitionsPage struct {
	*RecognitionView
	Uploaded bool // the register was just replaced: show the report
	Error    string
}

func (s *Server) handleRecognitionsPage(c *gin.Context) {
	s.renderRecognitions(c, http.StatusOK, nil, "")
}

func (s *Server) handleRecognitionsPageUpload(c *gin.Context) {
	if s.Recognitions == nil {
		s.writeError(c, errNoRegister)
		return
	}
	name, data, err := s.readUploadedFile(c)
	if err == nil {
		var reg *koppel.RecognitionRegister
		reg, err = s.Importer.Recognitions(c.Request.Context(), s.Recognitions, ingest.RecognitionRequest{File: name, Data: data})
		if err == nil {
			s.CountImport("recognitions", "imported")
			s.renderRecognitions(c, http.StatusOK, reg, "")
			return
		}
		s.CountImport("recognitions", "failed")
	}
	if code := koppel.ErrorCode(err); code == koppel.EINVALID || code == koppel.ETOOLARGE {
		s.renderRecognitions(c, http.StatusBadRequest, nil, s.userMessage(c, err))
		return
	}
	s.writeError(c, err)
}

func (s *Server) renderRecognitions(c *gin.Context, status int, reg *koppel.RecognitionRegister, msg string) {
	v, err := s.recognitionView(c.Request.Context(), reg)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.render(c, status, "recognitions", tr(c, "recognitions.title"), recognitionsPage{RecognitionView: v, Uploaded: reg != nil, Error: msg})
}

// verifiedEnterprise returns e with the register applied, for the pages
// and the API that show an enterprise: its recognitions then say which
// are verified.
func (s *Server) verifiedEnterprise(ctx context.Context, e *koppel.Enterprise) (*koppel.Enterprise, error) {
	if s.Recognitions == nil {
		return e, nil
	}
	reg, err := s.Recognitions.RecognitionRegister(ctx)
	if err != nil {
		return nil, err
	}
	return reg.Apply(e), nil
}

// declaredConflicts lists what the enterprise declared that contradicts
// the register, for its Mijn aanbod page.
func (s *Server) declaredConflicts(ctx context.Context, e *koppel.Enterprise) ([]koppel.RecognitionConflict, error) {
	if s.Recognitions == nil || e == nil {
		return nil, nil
	}
	reg, err := s.Recognitions.RecognitionRegister(ctx)
	if err != nil {
		return nil, err
	}
	return ingest.Localize(i18n.From(ctx), reg.Conflicts(e)), nil
}

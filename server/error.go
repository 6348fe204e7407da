package server

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/i18n"
)

// codeMethodNotAllowed is the only HTTP-specific error code.
const codeMethodNotAllowed = "method_not_allowed"

// statusByCode maps every error code to its HTTP status. Codes missing
// here, and errors that are not *koppel.Error, are 500.
var statusByCode = map[string]int{
	koppel.EINVALID:      http.StatusBadRequest,
	koppel.EUNAUTHORIZED: http.StatusUnauthorized,
	koppel.EFORBIDDEN:    http.StatusForbidden,
	koppel.ENOTFOUND:     http.StatusNotFound,
	koppel.ECONFLICT:     http.StatusConflict,
	koppel.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	koppel.ELOCKED:       http.StatusConflict,
	koppel.EUNAVAILABLE:  http.StatusServiceUnavailable,
	koppel.EINTERNAL:     http.StatusInternalServerError,
	codeMethodNotAllowed: http.StatusMethodNotAllowed,
	ETOOMANY:             http.StatusTooManyRequests,
}

// Problem is an RFC 9457 problem document with Koppel's machine-readable
// error code.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Code      string `json:"code"`
	Instance  string `json:"instance,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	// Errors lists every field's problem when the request was refused for
	// its fields (a tender that does not validate); Detail joins them.
	Errors []koppel.FieldError `json:"errors,omitempty"`
}

// writeError writes err as application/problem+json and aborts the chain.
// Only internal errors are logged as errors; their text never reaches the
// client.
func (s *Server) writeError(c *gin.Context, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = koppel.Errorf(koppel.ETOOLARGE, "het verzoek is te groot (maximum %d bytes)", mbe.Limit).WithKey("error.request_too_large", "Bytes", mbe.Limit)
	}
	code := koppel.ErrorCode(err)
	status, ok := statusByCode[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	rid := requestID(c)
	if status == http.StatusServiceUnavailable {
		c.Header("Retry-After", "30") // a full import queue, an index still catching up
	}
	if code == koppel.EINTERNAL {
		s.logger().Error("internal error", slog.String("request_id", rid), slog.String("path", c.Request.URL.Path), slog.Any("err", err))
	}
	p := Problem{
		Type:      "https://koppel.example/problems/" + code,
		Title:     http.StatusText(status),
		Status:    status,
		Detail:    koppel.Sentence(errorText(lang(c), err)), // shown on its own: a capital, whatever the message starts with
		Code:      code,
		Instance:  c.Request.URL.Path,
		RequestID: rid,
		Errors:    localFieldErrors(lang(c), koppel.FieldErrorListOf(err)),
	}
	if p.Errors != nil {
		p.Detail = koppel.Sentence(i18n.JoinFieldErrors(lang(c), p.Errors)) // the fields' problems in the request's language
		for i := range p.Errors {
			p.Errors[i].Message = koppel.Sentence(p.Errors[i].Message) // each shown on its own too
		}
	}
	if wantsHTML(c) || c.GetBool(htmlErrorKey) {
		title := errorTitle(lang(c), status)
		s.render(c, status, "error", title, errorPage{Title: title, Message: p.Detail})
		c.Abort()
		return
	}
	c.Header("Content-Type", "application/problem+json")
	c.AbortWithStatusJSON(status, p)
}

type errorPage struct{ Title, Message string }

// userMessage is err's message for a user in the request's language, shown
// on its own (a page's error, beside a field): with a capital.
func (s *Server) userMessage(c *gin.Context, err error) string {
	return koppel.Sentence(errorText(lang(c), err))
}

package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/i18n"
)

// decodeJSON reads the request body into v, refusing unknown fields and
// trailing data, with a message that says what is wrong in plain words.
func decodeJSON(c *gin.Context, v any) error {
	if ct := c.ContentType(); ct != "application/json" && ct != "" {
		return koppel.Errorf(koppel.EINVALID, "stuur JSON met Content-Type application/json, niet %q", ct).WithKey("error.json_content_type", "Type", ct)
	}
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return koppel.Errorf(koppel.EINVALID, "kon het verzoek niet lezen").WithKey("error.request_unreadable")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		var ke *koppel.Error
		switch {
		case errors.As(err, &ke):
			return ke
		case errors.As(err, &se):
			return koppel.Errorf(koppel.EINVALID, "ongeldige JSON op positie %d: kijk de tekens rond die plaats na (aanhalingstekens, komma's, haakjes)", se.Offset).WithKey("error.json_syntax", "Offset", se.Offset)
		case errors.As(err, &te):
			want, got := jsonWant(te.Type), jsonGot(te.Value)
			return koppel.Errorf(koppel.EINVALID, "veld %q: verwacht %s, kreeg %s", te.Field, want(i18n.NL), got(i18n.NL)).WithKey("error.json_field_type", "Field", te.Field, "Want", want, "Got", got)
		case errors.Is(err, io.EOF):
			return koppel.Errorf(koppel.EINVALID, "het verzoek is leeg; stuur een JSON-object").WithKey("error.json_empty")
		case errors.Is(err, io.ErrUnexpectedEOF):
			return koppel.Errorf(koppel.EINVALID, "de JSON houdt op voor het einde: er ontbreekt een aanhalingsteken, haakje of waarde").WithKey("error.json_incomplete")
		}
		if field, ok := unknownJSONField(err); ok {
			return koppel.Errorf(koppel.EINVALID, "onbekend veld %q: kijk de naam na in de API-beschrijving", field).WithKey("error.json_unknown_field", "Field", field)
		}
		return koppel.Errorf(koppel.EINVALID, "ongeldige JSON: Koppel kan het verzoek niet als JSON-object lezen").WithKey("error.json_invalid")
	}
	if dec.More() {
		return koppel.Errorf(koppel.EINVALID, "na het JSON-object volgt nog tekst").WithKey("error.json_trailing")
	}
	return nil
}

// unknownJSONField is the name of the field err (from a Decoder that
// disallows unknown fields) refuses: encoding/json says it only in its
// English text, `json: unknown field "title"`.
func unknownJSONField(err error) (string, bool) {
	rest, ok := strings.CutPrefix(err.Error(), "json: unknown field ")
	if !ok {
		return "", false
	}
	field, uerr := strconv.Unquote(rest)
	if uerr != nil {
		return "", false
	}
	return field, true
}

// sync makes the request's changes searchable before it answers.
func (s *Server) sync(c *gin.Context) error {
	if s.Sync == nil {
		return nil
	}
	return s.Sync(c.Request.Context())
}

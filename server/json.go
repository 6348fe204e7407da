package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"koppel"
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
			return koppel.Errorf(koppel.EINVALID, "ongeldige JSON op positie %d: %s", se.Offset, se.Error()).WithKey("error.json_syntax", "Offset", se.Offset, "Detail", se.Error())
		case errors.As(err, &te):
			return koppel.Errorf(koppel.EINVALID, "veld %q: verwacht %s, kreeg %s", te.Field, te.Type, te.Value).WithKey("error.json_field_type", "Field", te.Field, "Want", te.Type.String(), "Got", te.Value)
		case errors.Is(err, io.EOF):
			return koppel.Errorf(koppel.EINVALID, "het verzoek is leeg; stuur een JSON-object").WithKey("error.json_empty")
		}
		return koppel.Errorf(koppel.EINVALID, "ongeldige JSON: %s", err.Error()).WithKey("error.json_invalid", "Detail", err.Error())
	}
	if dec.More() {
		return koppel.Errorf(koppel.EINVALID, "na het JSON-object volgt nog tekst").WithKey("error.json_trailing")
	}
	return nil
}

// sync makes the request's changes searchable before it answers.
func (s *Server) sync(c *gin.Context) error {
	if s.Sync == nil {
		return nil
	}
	return s.Sync(c.Request.Context())
}

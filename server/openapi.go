package server

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3gen"
	"github.com/gin-gonic/gin"

	"koppel"
)

func (s *Server) docRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/openapi.json", Summary: "This OpenAPI 3 document", Tag: "operations", ContentType: "application/json", Handler: s.handleOpenAPI},
		{Method: "GET", Path: "/api/docs", Summary: "API documentation page", Page: true, Handler: s.handleAPIDocs},
	}
}

var ginParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// openAPIPath turns a Gin path into an OpenAPI path: :kbo → {kbo}.
func openAPIPath(p string) string { return ginParam.ReplaceAllString(p, "{$1}") }

// OpenAPI builds the OpenAPI 3 document from the route table: the document
// cannot miss a route or disagree with it about roles, because it is made
// from the same data the router is.
func (s *Server) OpenAPI() (*openapi3.T, error) {
	doc := &openapi3.T{
		OpenAPI: "3.0.3",
		Info: &openapi3.Info{
			Title:       "Koppel API",
			Version:     "1",
			Description: "Matches Flemish social-economy enterprises to public tenders with social clauses. Errors are application/problem+json with a machine-readable `code`.",
		},
		Paths: openapi3.NewPaths(),
		Components: &openapi3.Components{
			Schemas: openapi3.Schemas{},
			SecuritySchemes: openapi3.SecuritySchemes{
				"bearer": &openapi3.SecuritySchemeRef{Value: openapi3.NewJWTSecurityScheme().WithBearerFormat("opaque token (koppel token create)")},
			},
			Responses: openapi3.ResponseBodies{},
		},
	}
	// Schemas are generated from the Go types the handlers encode, inline:
	// the component export of openapi3gen leaves dangling refs for pointer
	// fields.
	schema := func(v any) (*openapi3.SchemaRef, error) {
		return openapi3gen.NewSchemaRefForValue(v, nil)
	}
	problem, err := schema(Problem{})
	if err != nil {
		return nil, err
	}
	for _, st := range []int{400, 401, 403, 404, 409, 413, 429, 500} {
		doc.Components.Responses[fmt.Sprint(st)] = &openapi3.ResponseRef{Value: openapi3.NewResponse().
			WithDescription(http.StatusText(st)).
			WithContent(openapi3.NewContentWithSchemaRef(problem, []string{"application/problem+json"}))}
	}
	for _, r := range s.routeTable() {
		if r.Page {
			continue
		}
		op := &openapi3.Operation{Summary: r.Summary, OperationID: operationID(r), Responses: openapi3.NewResponses()}
		if r.Tag != "" {
			op.Tags = []string{r.Tag}
		}
		for _, m := range ginParam.FindAllStringSubmatch(r.Path, -1) {
			op.AddParameter(openapi3.NewPathParameter(m[1]).WithSchema(openapi3.NewStringSchema()))
		}
		for _, q := range r.Query {
			op.AddParameter(&openapi3.Parameter{Name: q.Name, In: q.In, Description: q.Description, Required: q.Required, Schema: openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{q.Type}})})
		}
		if r.Request != nil {
			ref, err := schema(r.Request)
			if err != nil {
				return nil, fmt.Errorf("schema of %s %s request: %w", r.Method, r.Path, err)
			}
			op.RequestBody = &openapi3.RequestBodyRef{Value: openapi3.NewRequestBody().WithRequired(true).WithJSONSchemaRef(ref)}
		}
		ok := openapi3.NewResponse().WithDescription("OK")
		switch {
		case r.Response != nil:
			ref, err := schema(r.Response)
			if err != nil {
				return nil, fmt.Errorf("schema of %s %s response: %w", r.Method, r.Path, err)
			}
			ok.WithJSONSchemaRef(ref)
		case r.ContentType != "":
			ok.WithContent(openapi3.NewContentWithSchema(openapi3.NewStringSchema(), []string{r.ContentType}))
		}
		if r.Export {
			op.AddParameter(&openapi3.Parameter{Name: "format", In: "query", Description: "xlsx or csv: the list as a file (all hits from the first, up to the export's maximum) instead of JSON",
				Schema: openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{"string"}, Enum: []any{"xlsx", "csv"}})})
			for _, ct := range []string{xlsxType, "text/csv"} {
				ok.Content[ct] = openapi3.NewMediaType().WithSchema(openapi3.NewStringSchema().WithFormat("binary"))
			}
		}
		status := 200
		switch r.Method {
		case http.MethodPost:
			status = 201
		case http.MethodDelete:
			status = 204
			ok = openapi3.NewResponse().WithDescription("Deleted")
		}
		op.Responses.Set(fmt.Sprint(status), &openapi3.ResponseRef{Value: ok})
		errs := []int{400, 404, 500}
		if len(r.Roles) > 0 {
			op.Security = &openapi3.SecurityRequirements{{"bearer": []string{}}}
			op.Description = "Roles: " + rolesText(r.Roles) + "."
			errs = append(errs, 401, 403)
		}
		if r.Body != bodyNone {
			errs = append(errs, 413)
		}
		if r.Rate != rateNone {
			errs = append(errs, 429)
		}
		slices.Sort(errs)
		for _, st := range errs {
			shared := doc.Components.Responses[fmt.Sprint(st)]
			op.Responses.Set(fmt.Sprint(st), &openapi3.ResponseRef{Ref: fmt.Sprintf("#/components/responses/%d", st), Value: shared.Value})
		}
		doc.AddOperation(openAPIPath(r.Path), r.Method, op)
	}
	return doc, nil
}

func rolesText(roles []koppel.Role) string {
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

func operationID(r route) string {
	p := strings.NewReplacer("/api/v1/", "", "/api/", "", "/", "_", ":", "by_", ".", "_").Replace(r.Path)
	return strings.ToLower(r.Method) + "_" + strings.Trim(p, "_")
}

// openAPICache holds the document, built once on first request.
type openAPICache struct {
	once sync.Once
	json []byte
	err  error
}

func (s *Server) handleOpenAPI(c *gin.Context) {
	o := &s.openAPI
	o.once.Do(func() {
		doc, err := s.OpenAPI()
		if err != nil {
			o.err = err
			return
		}
		o.json, o.err = doc.MarshalJSON()
	})
	if o.err != nil {
		s.writeError(c, &koppel.Error{Code: koppel.EINTERNAL, Err: o.err})
		return
	}
	c.Data(http.StatusOK, "application/json", o.json)
}

// apiDocRoute is one row of the documentation page.
type apiDocRoute struct {
	Method, Path, Summary, Roles string
	// Lang is the language of Summary and the parameters' texts: the
	// reader's when apiDocTexts has it, else "en" (the route table's own
	// English). Roles is in the reader's language; "" is anyone.
	Lang   string
	Params []param
}

// handleAPIDocs renders the route table as a page: no script, no CDN.
func (s *Server) handleAPIDocs(c *gin.Context) {
	var rows []apiDocRoute
	for _, r := range s.routeTable() {
		if r.Page {
			continue
		}
		rows = append(rows, apiDocRouteIn(lang(c), r))
	}
	s.render(c, http.StatusOK, "apidocs", "API", rows)
}

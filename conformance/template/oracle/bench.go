package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/template"
	"time"

	"github.com/helmfile/helmfile/pkg/filesystem"
	"github.com/helmfile/helmfile/pkg/tmpl"
)

// prepareHelmfile parses a case once with helmfile's function map, for the
// benchmark (helmfile itself re-parses on every render). include executes a
// named template of the same set, as helmfile's does.
func prepareHelmfile(req *Request, data any) (*prepared, error) {
	r := tmpl.NewFileRenderer(filesystem.DefaultFileSystem(), ".", data)
	funcs := r.Context.CreateFuncMap()
	t := template.New(helmfileName)
	missing := req.MissingKey
	if missing == "" {
		missing = "error"
	}
	t = t.Option("missingkey=" + missing)
	funcs["include"] = func(name string, data any) (string, error) {
		var sb strings.Builder
		err := t.ExecuteTemplate(&sb, name, data)
		return sb.String(), err
	}
	t = t.Funcs(funcs)
	if _, err := t.Parse(req.Template); err != nil {
		return nil, err
	}
	return &prepared{run: func(out *bytes.Buffer) error { return t.Execute(out, data) }}, nil
}

type benchResult struct {
	Cases      int     `json:"cases"`
	Skipped    int     `json:"skipped"`
	Iterations int     `json:"iterations"`
	Seconds    float64 `json:"seconds"`
	// PerCase holds the seconds each case took for all its iterations.
	PerCase map[string]float64 `json:"perCase"`
}

type benchCase struct {
	id string
	p  *prepared
}

// bench parses every request once, then executes each of them n times in a
// row and reports the execution time, in total and per case. Cases that fail
// to parse or execute, or need files or environment, are skipped.
func bench(args []string, in io.Reader, out io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	n := fs.Int("n", 100, "iterations")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var cases []benchCase
	skipped := 0
	err := readRequests(in, func(req *Request) error {
		p, err := prepareBench(req)
		if err != nil {
			skipped++
			return nil
		}
		var buf bytes.Buffer
		if p.run(&buf) != nil {
			skipped++
			return nil
		}
		cases = append(cases, benchCase{id: req.ID, p: p})
		return nil
	})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	perCase := make(map[string]float64, len(cases))
	var total time.Duration
	for _, c := range cases {
		start := time.Now()
		for i := 0; i < *n; i++ {
			buf.Reset()
			_ = c.p.run(&buf)
		}
		d := time.Since(start)
		total += d
		perCase[c.id] = d.Seconds()
	}
	secs := total.Seconds()
	return json.NewEncoder(out).Encode(benchResult{Cases: len(cases), Skipped: skipped, Iterations: *n, Seconds: secs, PerCase: perCase})
}

func prepareBench(req *Request) (p *prepared, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	if len(req.Files) > 0 || len(req.Env) > 0 {
		return nil, fmt.Errorf("needs a sandbox")
	}
	data, err := decodeData(req.Data)
	if err != nil {
		return nil, err
	}
	if req.Funcs == "helmfile" {
		return prepareHelmfile(req, data)
	}
	return prepareStd(req, data)
}

// Command compose loads a compose file with compose-go, the loader docker compose
// itself uses (schema validation, interpolation, normalization and the
// consistency check all on), and fails on any error or loader warning. It then
// prints, per service, the image or build, the command and the environment
// variable names; with --json, a machine-readable summary the tests read.
//
//	cd scripts/checks/compose && GOTOOLCHAIN=local go run . ../../../docker-compose.yml
//	GOTOOLCHAIN=local go -C scripts/checks/compose run . --json "$PWD/docker-compose.yml"
//
// Interpolation sees only a .env file beside the compose file, never the
// caller's shell environment: the answer must not depend on who runs the check.
// An unset ${VAR} is a warning in docker compose; here it is an error.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"
)

// warnings collects what the loader logs at warning level or above (unset
// variables, the obsolete `version:` key, yes/no booleans): each one fails the check.
type warnings struct{ messages []string }

func (w *warnings) Levels() []logrus.Level {
	return []logrus.Level{logrus.PanicLevel, logrus.FatalLevel, logrus.ErrorLevel, logrus.WarnLevel}
}

func (w *warnings) Fire(e *logrus.Entry) error {
	w.messages = append(w.messages, e.Message)
	return nil
}

type build struct {
	Context    string `json:"context"`
	Dockerfile string `json:"dockerfile"`
}

type service struct {
	Image       string             `json:"image"`
	Build       *build             `json:"build"`
	Command     []string           `json:"command"`
	Entrypoint  []string           `json:"entrypoint"`
	Environment map[string]*string `json:"environment"`
	DependsOn   map[string]string  `json:"depends_on"`
	Healthcheck []string           `json:"healthcheck"`
	Restart     string             `json:"restart"`
}

type summary struct {
	Name     string             `json:"name"`
	Services map[string]service `json:"services"`
	Volumes  []string           `json:"volumes"`
}

func load(ctx context.Context, file string) (*types.Project, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	opts, err := cli.NewProjectOptions(
		[]string{abs},
		cli.WithWorkingDirectory(filepath.Dir(abs)),
		cli.WithEnvFiles(),
		cli.WithDotEnv,
		cli.WithInterpolation(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		return nil, err
	}
	return opts.LoadProject(ctx)
}

func summarize(p *types.Project) summary {
	out := summary{Name: p.Name, Services: map[string]service{}, Volumes: []string{}}
	for name, s := range p.Services {
		svc := service{
			Image:       s.Image,
			Command:     s.Command,
			Entrypoint:  s.Entrypoint,
			Environment: map[string]*string(s.Environment),
			DependsOn:   map[string]string{},
			Restart:     s.Restart,
		}
		if svc.Environment == nil {
			svc.Environment = map[string]*string{}
		}
		if s.Build != nil {
			ctxDir := s.Build.Context
			if rel, err := filepath.Rel(p.WorkingDir, ctxDir); err == nil {
				ctxDir = rel
			}
			svc.Build = &build{Context: ctxDir, Dockerfile: s.Build.Dockerfile}
		}
		for dep, d := range s.DependsOn {
			svc.DependsOn[dep] = d.Condition
		}
		if s.HealthCheck != nil {
			svc.Healthcheck = s.HealthCheck.Test
		}
		out.Services[name] = svc
	}
	for name := range p.Volumes {
		out.Volumes = append(out.Volumes, name)
	}
	sort.Strings(out.Volumes)
	return out
}

func printText(s summary) {
	fmt.Printf("project %s: %d services\n", s.Name, len(s.Services))
	names := make([]string, 0, len(s.Services))
	for n := range s.Services {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		svc := s.Services[n]
		fmt.Printf("\n%s\n", n)
		fmt.Printf("  image:   %s\n", svc.Image)
		if svc.Build != nil {
			fmt.Printf("  build:   context=%s dockerfile=%s\n", svc.Build.Context, svc.Build.Dockerfile)
		}
		if svc.Command == nil {
			fmt.Printf("  command: (the image's default)\n")
		} else {
			fmt.Printf("  command: %s\n", strings.Join(svc.Command, " "))
		}
		env := make([]string, 0, len(svc.Environment))
		for k := range svc.Environment {
			env = append(env, k)
		}
		sort.Strings(env)
		fmt.Printf("  env:     %s\n", strings.Join(env, " "))
	}
}

func main() {
	asJSON := flag.Bool("json", false, "print a JSON summary instead of text")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: compose [--json] [docker-compose.yml]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	file := "docker-compose.yml"
	switch flag.NArg() {
	case 0:
	case 1:
		file = flag.Arg(0)
	default:
		flag.Usage()
		os.Exit(2)
	}

	hook := &warnings{}
	logrus.AddHook(hook)
	logrus.SetOutput(os.Stderr)

	project, err := load(context.Background(), file)
	if err != nil {
		fmt.Fprintf(os.Stderr, "compose check: %s: %v\n", file, err)
		os.Exit(1)
	}
	if len(hook.messages) > 0 {
		for _, m := range hook.messages {
			fmt.Fprintf(os.Stderr, "compose check: %s: warning treated as an error: %s\n", file, m)
		}
		os.Exit(1)
	}

	s := summarize(project)
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(s); err != nil {
			fmt.Fprintf(os.Stderr, "compose check: %v\n", err)
			os.Exit(1)
		}
		return
	}
	printText(s)
}

# rootmfa-operator. Two commands matter: `make demo` and `make test`. Both provision what they need
# (API server binaries, moto, cfn-lint, the argocd CLI) into caches outside the work tree.
SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
MVN ?= mvn -B -ntp
STATE := target/make-state
export KUBE_API_TEST_DIR ?= $(HOME)/.kubeapitest

.PHONY: test demo chaos bench build crd provision unit checks clean fmt

## test: everything CI runs: unit + integration tests on a real API server, the emulator, moto, chart, AWS, Argo CD
test: provision
	@mkdir -p $(STATE)
	@hack/moto.sh start $(STATE)/moto; \
	  trap 'hack/moto.sh stop $(STATE)/moto' EXIT; \
	  port=$$(cut -d' ' -f2 $(STATE)/moto); \
	  $(MVN) verify -Dkube.api.test.dir=$(KUBE_API_TEST_DIR) -Dmoto.endpoint=http://127.0.0.1:$$port
	hack/helm-checks.sh --check
	hack/aws-lint.sh --check
	hack/argocd-health-check.sh --check
	@echo "make test: OK"

## provision: API server binaries, moto, the argocd CLI (each cached; a no-op once present)
provision:
	hack/kube-binaries.sh >/dev/null
	hack/moto.sh install >/dev/null
	hack/argocd-cli.sh >/dev/null

## demo: the operator as a process against a real API server and the AWS emulator, on the examples
demo: build
	hack/demo.sh

## chaos: the long crash matrix (>= 200 runs, SIGKILL at random moments)
chaos: build
	hack/chaos.sh

## bench: the operator at 1,000 and 5,000 accounts (one JSON line per run; BENCH_ARGS="--n 2000" to change)
bench: build
	hack/bench.sh $(BENCH_ARGS)

build:
	$(MVN) package -DskipTests

## crd: regenerate crds/ from the API classes, then the chart's copy and the rendered manifests
crd:
	$(MVN) process-classes
	$(MVN) test -Dtest=CrdIsCommittedTest -Dcrd.update=true -Dsurefire.failIfNoSpecifiedTests=false
	hack/helm-checks.sh

## fmt: format all Java with google-java-format (make test fails on any difference)
fmt:
	$(MVN) -q spotless:apply

clean:
	rm -rf target

# rootmfa-operator. Two commands matter: `make demo` and `make test`. Both provision what they need
# (API server binaries, moto, cfn-lint, the argocd and kstatus CLIs, promtool) into caches outside the work tree.
SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
MVN ?= mvn -B -ntp
STATE := target/make-state
export KUBE_API_TEST_DIR ?= $(HOME)/.kubeapitest
# Java 25: the release the code is compiled for and the image's runtime. Every target runs with it first on PATH.
JAVA_HOME := $(shell hack/java-home.sh)
ifeq ($(JAVA_HOME),)
$(error the build needs a JDK 25 or newer; hack/java-home.sh says where it looked)
endif
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)
# Maven's own Guava uses sun.misc.Unsafe, which Java 24 and later would warn about on every build.
export MAVEN_OPTS := $(MAVEN_OPTS) --sun-misc-unsafe-memory-access=allow

.PHONY: test demo chaos bench build crd provision unit checks clean fmt image

## test: everything CI runs: unit + integration tests on a real API server, the emulator, moto, the built image under
##       podman, chart, AWS, Argo CD, kstatus and Argo CD verdicts per Ready reason, promtool tests of the alerts
test: provision image
	@mkdir -p $(STATE)
	@hack/moto.sh start $(STATE)/moto; \
	  trap 'hack/moto.sh stop $(STATE)/moto' EXIT; \
	  port=$$(cut -d' ' -f2 $(STATE)/moto); \
	  $(MVN) verify -Dkube.api.test.dir=$(KUBE_API_TEST_DIR) -Dmoto.endpoint=http://127.0.0.1:$$port
	hack/helm-checks.sh --check
	hack/aws-lint.sh --check
	hack/argocd-health-check.sh --check
	hack/status-verdicts.sh --check
	hack/alert-rules-check.sh --check
	@echo "make test: OK"

## unit: the fast tests only (no API server, no emulator process, no image): the workflow, codecs, classifiers, emulator specs
unit:
	$(MVN) test -DexcludedGroups=integration

## provision: API server binaries, moto, the argocd and kstatus CLIs, promtool (each cached; a no-op once present)
provision:
	hack/kube-binaries.sh >/dev/null
	hack/moto.sh install >/dev/null
	hack/argocd-cli.sh >/dev/null
	hack/kstatus-cli.sh >/dev/null
	hack/promtool.sh >/dev/null

## demo: the operator as a process against a real API server and the AWS emulator, on the examples
demo: build
	hack/demo.sh

## chaos: the long crash matrix (>= 200 runs, SIGKILL at random moments)
chaos: build
	hack/chaos.sh

## bench: the operator at 1,000 and 5,000 accounts, and one organization policy over 5,000 member accounts (one JSON
##        line per run; BENCH_ARGS="--n 2000 --org-accounts 1000" to change, 0 skips a run)
bench: build
	hack/bench.sh $(BENCH_ARGS)

build:
	$(MVN) package -DskipTests

## image: the operator's OCI image, offline from Debian packages, as target/image/rootmfa-operator-<appVersion>.oci.tar
##        (IMAGE=registry/name:tag sets the reference it carries; hack/image.sh says how it is built)
image: build
	IMAGE='$(IMAGE)' hack/image.sh

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

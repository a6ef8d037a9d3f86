# cockpit-mptcp: build, install and package, as Cockpit's own projects do.
#
#   make                  build dist/ (npm run build), unless it is newer than every source
#   make install          dist/ to $(DESTDIR)$(PREFIX)/share/cockpit/mptcp, the metainfo to .../share/metainfo
#   make devel-install    link ~/.local/share/cockpit/mptcp to dist/ (not cached: rebuild and reload)
#   make devel-uninstall  remove that link
#   make dist             cockpit-mptcp-VERSION.tar.xz: the sources, the spec and the built dist/, so that
#                         the RPM and the .deb build without node or npm
#   make srpm | rpm       the source RPM, the noarch RPM (rpmbuild, from the tarball)
#   make deb              cockpit-mptcp_VERSION-1_all.deb (dpkg-buildpackage, from the tarball)
#   make check            every test (tools/test-all.sh: as root; it installs the .deb on this machine)
#
# In an unpacked tarball there is no .git: dist/ is taken as it is, and nothing needs node.

NAME := cockpit-mptcp
# the version lives in package.json alone (read without node: a tarball build has none)
VERSION := $(shell sed -n 's/^  "version": "\([^"]*\)",*$$/\1/p' package.json)
PREFIX ?= /usr/local
DIST ?= dist
TARFILE := $(NAME)-$(VERSION).tar.xz
SPEC := $(NAME).spec
DEB := $(NAME)_$(VERSION)-1_all.deb
RPM := $(NAME)-$(VERSION)-1.noarch.rpm
SRPM := $(NAME)-$(VERSION)-1.src.rpm
METAINFO := packaging/org.cockpit_project.mptcp.metainfo.xml
# what the build writes for packaging, not for Cockpit: left out of the package directory
NOT_INSTALLED := bundled-npm.tsv licenses.txt

# node: the one on PATH if it is 20.19 or newer, else the one tools/setup.sh installed
export PATH := $(shell sh tools/node-env.sh path 2>/dev/null || echo "$$PATH")

ifneq ($(wildcard .git),)
SOURCES := $(shell git ls-files src po tools manifest.json package.json package-lock.json vite.config.ts 2>/dev/null)
endif

all: $(DIST)/manifest.json

$(DIST)/manifest.json: $(SOURCES)
	@[ -n "$(SOURCES)" ] || { echo "make: no $(DIST)/ and no sources to build it from" >&2; exit 1; }
	[ -d node_modules ] || npm ci --no-audit --no-fund
	npm run build

# a release build ships scripts and styles only as FILE.gz; a development build (npm run watch) is refused
release-check: all
	@if ls $(DIST)/*.js $(DIST)/*.css >/dev/null 2>&1; then \
		echo "make: $(DIST)/ holds uncompressed files (a development build): run 'npm run build' first" >&2; exit 1; fi

install: release-check
	rm -rf "$(DESTDIR)$(PREFIX)/share/cockpit/mptcp"
	mkdir -p "$(DESTDIR)$(PREFIX)/share/cockpit/mptcp"
	for f in $(DIST)/*; do \
		case " $(NOT_INSTALLED) " in *" $${f##*/} "*) continue ;; esac; \
		install -m 0644 "$$f" "$(DESTDIR)$(PREFIX)/share/cockpit/mptcp/"; \
	done
	install -D -m 0644 $(METAINFO) "$(DESTDIR)$(PREFIX)/share/metainfo/$(notdir $(METAINFO))"

devel-install: all
	mkdir -p ~/.local/share/cockpit
	ln -sfn "$(CURDIR)/$(DIST)" ~/.local/share/cockpit/mptcp
	@echo "installed: ~/.local/share/cockpit/mptcp -> $(CURDIR)/$(DIST)"

devel-uninstall:
	rm -f ~/.local/share/cockpit/mptcp

# the spec, with one Provides: bundled(npm(NAME)) = VERSION per package the bundle holds
$(SPEC): packaging/$(SPEC).in $(DIST)/manifest.json
	awk -F '\t' '{ printf "Provides: bundled(npm(%s)) = %s\n", $$1, $$2 }' $(DIST)/bundled-npm.tsv > $@.provides
	licenses="LGPL-2.1-or-later$$(cut -f3 $(DIST)/bundled-npm.tsv | sort -u | sed 's/^/ AND /' | tr -d '\n')"; \
	sed -e 's/@VERSION@/$(VERSION)/' -e "s/@LICENSE@/$$licenses/" -e '/@BUNDLED_PROVIDES@/{r $@.provides' -e 'd}' $< > $@.tmp
	rm -f $@.provides
	mv $@.tmp $@

dist: $(TARFILE)

$(TARFILE): release-check $(SPEC)
	@git rev-parse --git-dir >/dev/null 2>&1 || { echo "make dist: needs a git checkout" >&2; exit 1; }
	tar --xz -cf $@ --sort=name --owner=root:0 --group=root:0 --mtime="@$$(git log -1 --format=%ct)" \
		--transform 's,^,$(NAME)-$(VERSION)/,' $$(git ls-files) $(SPEC) $(DIST)
	@echo "wrote $@"

# Debian's rpmbuild has no RPM database to check BuildRequires in: --nodeps where rpm knows no packages
RPMBUILD_FLAGS ?= $(shell rpm -q rpm >/dev/null 2>&1 || echo --nodeps)
RPMTMP = $(CURDIR)/tmp/rpmbuild
rpmbuild = rpmbuild $(RPMBUILD_FLAGS) --define "_topdir $(RPMTMP)" --define "_sourcedir $(CURDIR)" \
	--define "_srcrpmdir $(CURDIR)" --define "_rpmdir $(CURDIR)" --define "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm"

srpm: $(TARFILE) $(SPEC)
	rm -rf $(RPMTMP)
	$(rpmbuild) -bs $(SPEC)
	rm -rf $(RPMTMP)

rpm: $(TARFILE) $(SPEC)
	rm -rf $(RPMTMP)
	$(rpmbuild) -bb $(SPEC)
	rm -rf $(RPMTMP)
	@echo "wrote $(RPM)"

DEBTMP = $(CURDIR)/tmp/debbuild
deb: $(TARFILE)
	rm -rf $(DEBTMP)
	mkdir -p $(DEBTMP)
	cp $(TARFILE) $(DEBTMP)/$(NAME)_$(VERSION).orig.tar.xz
	tar -C $(DEBTMP) -xf $(TARFILE)
	cp -r $(DEBTMP)/$(NAME)-$(VERSION)/packaging/debian $(DEBTMP)/$(NAME)-$(VERSION)/debian
	cd $(DEBTMP)/$(NAME)-$(VERSION) && dpkg-buildpackage -us -uc -b
	mv $(DEBTMP)/$(DEB) .
	if command -v lintian >/dev/null; then lintian --info --pedantic --fail-on error,warning $(DEB); fi
	rm -rf $(DEBTMP)
	@echo "wrote $(DEB)"

check:
	sh tools/test-all.sh

version:
	@echo $(VERSION)

clean:
	rm -rf $(DIST) tmp $(SPEC) $(SPEC).tmp $(SPEC).provides $(NAME)-*.tar.xz $(NAME)_*.deb $(NAME)-*.rpm

.PHONY: all release-check install devel-install devel-uninstall dist srpm rpm deb check version clean

# The Debian package, built by CPack from the install rules: `cpack -G DEB` in the build
# folder (docs/embedding.md "The Debian package"). Input: what `cmake --install` installs.
# Output: icp_<version>_<arch>.deb holding icpc, libicp (shared and static), the public
# headers, icp.pc, the CMake package and the docs, with its dependencies found by
# dpkg-shlibdeps.
include(GNUInstallDirs)

# The docs a user of the package reads (docs/ links them by relative path, so they stay together).
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/BENCHMARKS.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs FILES_MATCHING PATTERN "*.md")
# The licence, and the terms of everything the package holds in Debian's copyright format
# (Debian policy 12.5: /usr/share/doc/<package>/copyright).
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/cmake/debian-copyright DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)

set(ICP_PACKAGE_MAINTAINER "icp maintainers <maintainers@users.noreply.r-seed-e001421c.example>"
    CACHE STRING "Maintainer field of the Debian package")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME icp)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "icp")
set(CPACK_PACKAGE_CONTACT "${ICP_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "ideal customer profiles as rules: compiler, runtime library and C/C++ API")
set(CPACK_PACKAGE_DESCRIPTION "icp is a declarative language in which a B2B company writes its ideal customer \
profile as rules: which accounts to chase or exclude, how intent signals score, which tier and \
queue each account gets. This package holds the compiler and command-line tool icpc (check, \
build, eval, explain, test, backtest, diff), libicp (shared and static) with its public C and \
C++ headers, a pkg-config file and a CMake package, and the documentation.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # icp_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${ICP_INFORMATION_URI}")
# Depends from the ELF files themselves (dpkg-shlibdeps: libc6, libstdc++6, libfmt9,
# libsimdjson14, libssl3, ...), so the list cannot drift from what is linked.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# A shlibs file for libicp.so (and ldconfig triggers); 0.x breaks the ABI at each minor
# version, so a program built against this package needs this very version.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY "=")
include(CPack)

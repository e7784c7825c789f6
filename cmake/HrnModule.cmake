# hrn_module(NAME SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# One static library per module, so each module's dependencies are written
# down in one place and the one-way layering of DESIGN.md is visible here.
function(hrn_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
endfunction()

function(hrn_module name)
  cmake_parse_arguments(M "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(hrn_${name} STATIC ${M_SOURCES})
  add_library(hrn::${name} ALIAS hrn_${name})
  target_include_directories(hrn_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include)
  target_link_libraries(hrn_${name} PUBLIC ${M_PUBLIC_DEPS} PRIVATE ${M_PRIVATE_DEPS})
  hrn_warnings(hrn_${name})
endfunction()

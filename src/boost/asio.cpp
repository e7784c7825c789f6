// Boost.Asio is compiled once, here (BOOST_ASIO_SEPARATE_COMPILATION), so the
// rest of the project includes only its declarations.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>

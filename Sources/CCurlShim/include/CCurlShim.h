#ifndef RPL_CURL_SHIM_H
#define RPL_CURL_SHIM_H

#include <stddef.h>

/// Why a request got no HTTP answer; RPL_HTTP_ANSWERED when it got one
/// (whatever its status).
typedef enum {
    RPL_HTTP_ANSWERED = 0,
    RPL_HTTP_CONNECTION_REFUSED,
    RPL_HTTP_HOST_NOT_FOUND,
    RPL_HTTP_TLS_NOT_VERIFIED,
    RPL_HTTP_TIMED_OUT,
    RPL_HTTP_OTHER_FAILURE,
} rpl_http_outcome;

/// One answer: the status, the raw header block and the body, both
/// malloc'd (free them with rpl_http_response_free), and libcurl's own
/// words when there was no answer.
typedef struct {
    long status;
    char *headers;
    size_t headers_length;
    char *body;
    size_t body_length;
    char error[256];
} rpl_http_response;

/// Sends `method` ("GET", "POST", ...) to `url` with the given header lines
/// (each "Name: value") and, but for GET, `body`.
/// With `insecure`, the server's certificate and host name are not
/// verified (rpl's --insecure); otherwise they are, against the system's
/// CA bundle.
rpl_http_outcome rpl_http_request(const char *method, const char *url, const char *body, size_t body_length,
                               const char *const *header_lines, int header_count,
                               int insecure, long timeout_seconds, rpl_http_response *response);

void rpl_http_response_free(rpl_http_response *response);

#endif

// libcurl's curl_easy_setopt is variadic, which Swift cannot call: this
// file makes the one kind of request the vCenter client needs.
#include "CCurlShim.h"
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *bytes;
    size_t length;
} buffer;

static size_t append(char *data, size_t size, size_t count, void *context) {
    buffer *target = context;
    size_t extra = size * count;
    char *grown = realloc(target->bytes, target->length + extra + 1);
    if (grown == NULL) return 0;
    memcpy(grown + target->length, data, extra);
    target->length += extra;
    grown[target->length] = 0;
    target->bytes = grown;
    return extra;
}

static rpl_http_outcome outcome(CURLcode code) {
    switch (code) {
    case CURLE_OK: return RPL_HTTP_ANSWERED;
    case CURLE_COULDNT_CONNECT: return RPL_HTTP_CONNECTION_REFUSED;
    case CURLE_COULDNT_RESOLVE_HOST: return RPL_HTTP_HOST_NOT_FOUND;
    case CURLE_PEER_FAILED_VERIFICATION: return RPL_HTTP_TLS_NOT_VERIFIED;
    case CURLE_OPERATION_TIMEDOUT: return RPL_HTTP_TIMED_OUT;
    default: return RPL_HTTP_OTHER_FAILURE;
    }
}

rpl_http_outcome rpl_http_post(const char *url, const char *body, size_t body_length,
                               const char *const *header_lines, int header_count,
                               int insecure, long timeout_seconds, rpl_http_response *response) {
    memset(response, 0, sizeof *response);
    CURL *curl = curl_easy_init();
    if (curl == NULL) {
        strncpy(response->error, "libcurl could not start", sizeof response->error - 1);
        return RPL_HTTP_OTHER_FAILURE;
    }
    struct curl_slist *headers = NULL;
    for (int i = 0; i < header_count; i++) headers = curl_slist_append(headers, header_lines[i]);
    buffer received_body = {0}, received_headers = {0};
    char error[CURL_ERROR_SIZE] = {0};

    curl_easy_setopt(curl, CURLOPT_URL, url);
    // Only HTTP(S), and no redirects: a vCenter answers /sdk itself.
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_length);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, timeout_seconds < 30 ? timeout_seconds : 30L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, insecure ? 0L : 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, insecure ? 0L : 2L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received_body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, append);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &received_headers);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);

    CURLcode code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response->status);
    response->body = received_body.bytes;
    response->body_length = received_body.length;
    response->headers = received_headers.bytes;
    response->headers_length = received_headers.length;
    if (code != CURLE_OK) {
        strncpy(response->error, error[0] ? error : curl_easy_strerror(code), sizeof response->error - 1);
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return outcome(code);
}

void rpl_http_response_free(rpl_http_response *response) {
    free(response->body);
    free(response->headers);
    response->body = NULL;
    response->headers = NULL;
}

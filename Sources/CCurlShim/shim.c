// libcurl's curl_easy_setopt is variadic, which Swift cannot call: this
// file makes the requests rpl's HTTP clients need (the vCenter's SOAP
// POSTs, Azure Resource Manager's GETs and POSTs).
//
// libcurl is opened on the first request, not linked: with its TLS,
// Kerberos, LDAP and compression libraries it is some forty shared
// libraries, which every rpl command (`rpl --version` too) loaded at
// start-up although only `rpl inventory pull` talks HTTP.
#include "CCurlShim.h"
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    const char *(*easy_strerror)(CURLcode);
    void (*easy_cleanup)(CURL *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;
static char load_error[200];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load_curl(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(load_error, sizeof load_error, "libcurl could not be loaded (%s)", dlerror());
        return;
    }
#define FIND(field, symbol) \
    if ((*(void **)&curl.field = dlsym(library, symbol)) == NULL) { \
        snprintf(load_error, sizeof load_error, "libcurl has no %s", symbol); \
        return; \
    }
    FIND(easy_init, "curl_easy_init")
    FIND(easy_setopt, "curl_easy_setopt")
    FIND(easy_perform, "curl_easy_perform")
    FIND(easy_getinfo, "curl_easy_getinfo")
    FIND(easy_strerror, "curl_easy_strerror")
    FIND(easy_cleanup, "curl_easy_cleanup")
    FIND(slist_append, "curl_slist_append")
    FIND(slist_free_all, "curl_slist_free_all")
#undef FIND
}

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

rpl_http_outcome rpl_http_request(const char *method, const char *url, const char *body, size_t body_length,
                               const char *const *header_lines, int header_count,
                               int insecure, long timeout_seconds, rpl_http_response *response) {
    memset(response, 0, sizeof *response);
    pthread_once(&load_once, load_curl);
    if (load_error[0]) {
        strncpy(response->error, load_error, sizeof response->error - 1);
        return RPL_HTTP_OTHER_FAILURE;
    }
    CURL *handle = curl.easy_init();
    if (handle == NULL) {
        strncpy(response->error, "libcurl could not start", sizeof response->error - 1);
        return RPL_HTTP_OTHER_FAILURE;
    }
    struct curl_slist *headers = NULL;
    for (int i = 0; i < header_count; i++) headers = curl.slist_append(headers, header_lines[i]);
    buffer received_body = {0}, received_headers = {0};
    char error[CURL_ERROR_SIZE] = {0};

    curl.easy_setopt(handle, CURLOPT_URL, url);
    // Only HTTP(S), and no redirects: a vCenter answers /sdk itself, and
    // ARM's long-running answers are 202s whose headers the caller reads.
    curl.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    if (strcmp(method, "GET") == 0) {
        curl.easy_setopt(handle, CURLOPT_HTTPGET, 1L);
    } else {
        curl.easy_setopt(handle, CURLOPT_POST, 1L);
        curl.easy_setopt(handle, CURLOPT_POSTFIELDS, body ? body : "");
        curl.easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_length);
        if (strcmp(method, "POST") != 0) curl.easy_setopt(handle, CURLOPT_CUSTOMREQUEST, method);
    }
    curl.easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    curl.easy_setopt(handle, CURLOPT_TIMEOUT, timeout_seconds);
    curl.easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, timeout_seconds < 30 ? timeout_seconds : 30L);
    curl.easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, insecure ? 0L : 1L);
    curl.easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, insecure ? 0L : 2L);
    curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, append);
    curl.easy_setopt(handle, CURLOPT_WRITEDATA, &received_body);
    curl.easy_setopt(handle, CURLOPT_HEADERFUNCTION, append);
    curl.easy_setopt(handle, CURLOPT_HEADERDATA, &received_headers);
    curl.easy_setopt(handle, CURLOPT_ERRORBUFFER, error);

    CURLcode code = curl.easy_perform(handle);
    curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response->status);
    response->body = received_body.bytes;
    response->body_length = received_body.length;
    response->headers = received_headers.bytes;
    response->headers_length = received_headers.length;
    if (code != CURLE_OK) {
        strncpy(response->error, error[0] ? error : curl.easy_strerror(code), sizeof response->error - 1);
    }
    curl.slist_free_all(headers);
    curl.easy_cleanup(handle);
    return outcome(code);
}

void rpl_http_response_free(rpl_http_response *response) {
    free(response->body);
    free(response->headers);
    response->body = NULL;
    response->headers = NULL;
}

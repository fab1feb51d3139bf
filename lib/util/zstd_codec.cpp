#include "util/zstd_codec.hpp"

#include <zstd.h>

#include <stdexcept>
#include <vector>

namespace leakscope {

namespace {
struct CCtxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DCtxDeleter {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};
}  // namespace

std::string zstd_compress(std::string_view plain, int level) {
  thread_local std::unique_ptr<ZSTD_CCtx, CCtxDeleter> ctx(ZSTD_createCCtx());
  std::string out(ZSTD_compressBound(plain.size()), '\0');
  size_t n = ZSTD_compressCCtx(ctx.get(), out.data(), out.size(), plain.data(),
                               plain.size(), level);
  if (ZSTD_isError(n))
    throw std::runtime_error(std::string("zstd compress: ") +
                             ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

std::string zstd_decompress(std::string_view frame) {
  unsigned long long size =
      ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
    throw std::runtime_error("zstd decompress: not a sized zstd frame");
  std::string out(size, '\0');
  size_t n =
      ZSTD_decompress(out.data(), out.size(), frame.data(), frame.size());
  if (ZSTD_isError(n))
    throw std::runtime_error(std::string("zstd decompress: ") +
                             ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

struct ZstdStreamDecoder::Impl {
  std::unique_ptr<ZSTD_DCtx, DCtxDeleter> dctx{ZSTD_createDCtx()};
  std::vector<char> out = std::vector<char>(ZSTD_DStreamOutSize());
};

ZstdStreamDecoder::ZstdStreamDecoder() : impl_(std::make_unique<Impl>()) {
  // Refuse frames that would need more than 128 MiB of window.
  ZSTD_DCtx_setParameter(impl_->dctx.get(), ZSTD_d_windowLogMax, 27);
}
ZstdStreamDecoder::~ZstdStreamDecoder() = default;

void ZstdStreamDecoder::feed_impl(std::string_view in,
                                  void (*cb)(void*, std::string_view),
                                  void* ctx) {
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  for (;;) {
    ZSTD_outBuffer output{impl_->out.data(), impl_->out.size(), 0};
    size_t ret = ZSTD_decompressStream(impl_->dctx.get(), &output, &input);
    if (ZSTD_isError(ret))
      throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(ret));
    at_boundary_ = (ret == 0);
    if (output.pos) cb(ctx, std::string_view(impl_->out.data(), output.pos));
    // Done when all input is consumed and the decoder had room to spare
    // (a full output buffer may mean more output is pending).
    if (input.pos == input.size && output.pos < output.size) break;
  }
}

}  // namespace leakscope

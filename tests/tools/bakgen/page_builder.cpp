#include "page_builder.hpp"

#include <cstring>
#include <stdexcept>

#include "encode.hpp"

namespace leakscope::bakgen {

void put16(std::string& s, uint16_t v) {
  s.push_back(static_cast<char>(v & 0xFF));
  s.push_back(static_cast<char>(v >> 8));
}
void put32(std::string& s, uint32_t v) {
  put16(s, static_cast<uint16_t>(v & 0xFFFF));
  put16(s, static_cast<uint16_t>(v >> 16));
}
void put64(std::string& s, uint64_t v) {
  put32(s, static_cast<uint32_t>(v & 0xFFFFFFFF));
  put32(s, static_cast<uint32_t>(v >> 32));
}
void set16(std::string& s, size_t at, uint16_t v) {
  s[at] = static_cast<char>(v & 0xFF);
  s[at + 1] = static_cast<char>(v >> 8);
}
void set32(std::string& s, size_t at, uint32_t v) {
  set16(s, at, static_cast<uint16_t>(v & 0xFFFF));
  set16(s, at + 2, static_cast<uint16_t>(v >> 16));
}

void PageBuilder::start(uint8_t type, uint32_t page_id, uint64_t unit,
                        uint8_t level) {
  std::memset(page_.data(), 0, kPageSize);
  started_ = true;
  type_ = type;
  level_ = level;
  page_id_ = page_id;
  unit_ = unit;
  prev_ = next_ = 0;
  pminlen_ = ghosts_ = 0;
  free_data_ = kHeaderSize;
  offsets_.clear();
  type_flags_ = 0;
}

void PageBuilder::set_compression_info(std::string_view ci) {
  std::memcpy(page_.data() + kHeaderSize, ci.data(), ci.size());
  free_data_ = kHeaderSize + ci.size();
  type_flags_ = 0x80;
}

uint16_t PageBuilder::add(std::string_view record) {
  if (!fits(record.size()))
    throw std::logic_error("record of " + std::to_string(record.size()) +
                           " bytes does not fit on page " +
                           std::to_string(page_id_));
  std::memcpy(page_.data() + free_data_, record.data(), record.size());
  offsets_.push_back(static_cast<uint16_t>(free_data_));
  free_data_ += record.size();
  return static_cast<uint16_t>(offsets_.size() - 1);
}

std::string_view PageBuilder::finish() {
  std::string& p = page_;
  p[0] = 1;  // header version
  p[1] = static_cast<char>(type_);
  p[2] = static_cast<char>(type_flags_);  // 0x80: compression info
  p[3] = static_cast<char>(level_);
  set16(p, 4, 0);  // flags: no torn-page bits, no checksum
  set16(p, 6, static_cast<uint16_t>(unit_ >> 48));
  set32(p, 8, prev_);
  set16(p, 12, prev_ ? kFileId : 0);
  set16(p, 14, pminlen_);
  set32(p, 16, next_);
  set16(p, 20, next_ ? kFileId : 0);
  set16(p, 22, slots());
  set32(p, 24, static_cast<uint32_t>((unit_ >> 16) & 0xFFFFFFFF));
  size_t slot_array = kPageSize - 2 * offsets_.size();
  set16(p, 28, static_cast<uint16_t>(slot_array - free_data_));  // free count
  set16(p, 30, static_cast<uint16_t>(free_data_));
  set32(p, 32, page_id_);
  set16(p, 36, kFileId);
  set16(p, 58, ghosts_);  // m_ghostRecCnt
  for (size_t i = 0; i < offsets_.size(); ++i)
    set16(p, kPageSize - 2 - 2 * i, offsets_[i]);
  return p;
}

Layout::Layout(const std::vector<Column>& columns) {
  int bit_byte = -1, bits_used = 8;
  for (const Column& c : columns) {
    ColumnPlace place;
    place.column_id = static_cast<uint16_t>(places.size() + 1);
    if (c.sparse) {
      place.sparse = true;
      places.push_back(place);
      continue;
    }
    place.null_index = stored_columns++;
    place.fixed = c.fixed();
    if (c.xtype == kBit) {
      if (bits_used == 8) {
        bit_byte = static_cast<int>(fixed_bytes);
        ++fixed_bytes;
        bits_used = 0;
      }
      place.offset = static_cast<size_t>(bit_byte);
      place.bit = bits_used++;
    } else if (place.fixed) {
      place.offset = fixed_bytes;
      fixed_bytes += c.fixed_size();
    } else {
      place.var_index = var_columns++;
    }
    places.push_back(place);
  }
}

std::string build_record(const std::vector<Column>& columns,
                         const Layout& layout,
                         const std::vector<std::optional<std::string>>& values,
                         uint8_t type, std::optional<uint64_t> back_pointer,
                         const std::vector<bool>& complex_values) {
  const size_t n = layout.stored_columns;
  std::vector<bool> var_complex(layout.var_columns, false);
  std::string fixed(layout.fixed_bytes, '\0');
  std::string bitmap((n + 7) / 8, '\0');
  std::vector<const std::string*> var(layout.var_columns, nullptr);
  size_t last_var = 0;  // 1 + index of the last non-NULL variable column
  // Sparse vector: u16 5, u16 count, count x u16 column ids, count x u16 end
  // offsets (from the vector's start), the values.
  std::vector<std::pair<uint16_t, const std::string*>> sparse;
  for (size_t i = 0; i < columns.size(); ++i) {
    const ColumnPlace& pl = layout.places[i];
    const std::optional<std::string>& v = values[i];
    if (pl.sparse) {
      if (v) sparse.emplace_back(pl.column_id, &*v);
      continue;
    }
    if (!v) {
      size_t k = pl.null_index;
      bitmap[k / 8] = static_cast<char>(bitmap[k / 8] | (1 << (k % 8)));
      continue;
    }
    if (pl.bit >= 0) {
      if ((*v)[0] & 1)
        fixed[pl.offset] = static_cast<char>(fixed[pl.offset] | (1 << pl.bit));
    } else if (pl.fixed) {
      if (v->size() != columns[i].fixed_size())
        throw std::logic_error("column " + columns[i].name + ": " +
                               std::to_string(v->size()) + " bytes, expected " +
                               std::to_string(columns[i].fixed_size()));
      fixed.replace(pl.offset, v->size(), *v);
    } else {
      var[pl.var_index] = &*v;
      var_complex[pl.var_index] =
          i < complex_values.size() && complex_values[i];
      last_var = pl.var_index + 1;
    }
  }
  std::string vector;
  if (!sparse.empty()) {
    put16(vector, 5);
    put16(vector, static_cast<uint16_t>(sparse.size()));
    for (const auto& [id, v] : sparse) put16(vector, id);
    size_t end = 4 + 4 * sparse.size();
    for (const auto& [id, v] : sparse) {
      end += v->size();
      put16(vector, static_cast<uint16_t>(end));
    }
    for (const auto& [id, v] : sparse) vector += *v;
  }
  // A forwarded record lists every variable column, then the sparse vector
  // (if any), then the back pointer.
  const size_t extra = (vector.empty() ? 0 : 1) + (back_pointer ? 1 : 0);
  size_t var_count = extra ? layout.var_columns + extra : last_var;
  std::string r;
  uint8_t status = static_cast<uint8_t>(type << 1) | 0x10;  // null bitmap
  if (var_count) status |= 0x20;
  r.push_back(static_cast<char>(status));
  r.push_back(0);  // status byte B
  put16(r, static_cast<uint16_t>(4 + fixed.size()));
  r += fixed;
  put16(r, static_cast<uint16_t>(n));
  r += bitmap;
  if (var_count) {
    put16(r, static_cast<uint16_t>(var_count));
    size_t offsets_at = r.size();
    r.append(2 * var_count, '\0');
    for (size_t k = 0; k < var_count; ++k) {
      bool complex = false;
      if (k < layout.var_columns) {
        if (var[k]) r += *var[k];
        complex = var_complex[k];
      } else if (k == layout.var_columns && !vector.empty()) {
        r += vector;
        complex = true;
      } else {
        // Back pointer: a complex column of id 1024, then the stub's RID.
        put16(r, 1024);
        put32(r, static_cast<uint32_t>(*back_pointer >> 16));
        put16(r, kFileId);
        put16(r, static_cast<uint16_t>(*back_pointer & 0xFFFF));
        complex = true;
      }
      if (r.size() > 0x7FFF) throw std::logic_error("record too long");
      set16(r, offsets_at + 2 * k,
            static_cast<uint16_t>(r.size() | (complex ? 0x8000 : 0)));
    }
  }
  return r;
}

std::string forwarding_stub(uint32_t page, uint16_t slot) {
  std::string r;
  r.push_back(static_cast<char>(kForwardingStub << 1));
  put32(r, page);
  put16(r, kFileId);
  put16(r, slot);
  return r;
}

std::string allocation_record(std::string_view data) {
  std::string r(2, '\0');
  put16(r, static_cast<uint16_t>(4 + data.size()));
  r.append(data);
  return r;
}

}  // namespace leakscope::bakgen

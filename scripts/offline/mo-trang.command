#!/bin/sh
# Double-click helper for macOS (Finder opens .command files in Terminal): starts mo-trang.py,
# next to this file, with Python 3. Extra arguments go to mo-trang.py.
cd "$(dirname "$0")" || exit 1
if command -v python3 >/dev/null 2>&1; then
  exec python3 mo-trang.py "$@"
fi
echo "Không tìm thấy Python 3 trên máy này. Hãy cài Python 3 từ python.org rồi chạy lại."
echo "Xem thêm tệp HUONG-DAN.txt."
exit 1

@echo off
rem Double-click helper for Windows: starts mo-trang.py (next to this file) with Python 3,
rem first through the "py" launcher, then as "python". scripts/offline_bundle.py writes this
rem file with Windows line endings. Extra arguments go to mo-trang.py.
chcp 65001 >nul
cd /d "%~dp0"
py -3 -c "import sys; sys.exit(sys.version_info < (3, 8))" >nul 2>nul
if not errorlevel 1 (
  py -3 mo-trang.py %*
  goto done
)
python -c "import sys; sys.exit(sys.version_info < (3, 8))" >nul 2>nul
if not errorlevel 1 (
  python mo-trang.py %*
  goto done
)
echo Không tìm thấy Python 3 (bản 3.8 trở lên) trên máy này.
echo Hãy cài Python 3 từ python.org, đánh dấu ô "Add python.exe to PATH", rồi chạy lại.
echo Xem thêm tệp HUONG-DAN.txt.
pause
exit /b 1
:done
if errorlevel 1 pause

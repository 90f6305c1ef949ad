import AttendCore
print("attend")

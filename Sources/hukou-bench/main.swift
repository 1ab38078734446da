print("hukou-bench: no benchmark yet")

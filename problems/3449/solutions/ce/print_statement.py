print "Python" * 100

# starter code: the students complete it

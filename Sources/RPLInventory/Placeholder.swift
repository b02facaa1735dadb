import RPLSource

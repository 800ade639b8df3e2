/** The animation features the pages use (layout animations for the chain chips need domMax), loaded lazily by MotionProvider. */
import { domMax } from 'framer-motion';

export default domMax;
